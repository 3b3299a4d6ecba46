// One identity provider: what it is, whether the portal loads it and why not, its configured
// settings and signing certificates, and the actions that apply to it.
import {
  Badge,
  Button,
  Caption1,
  Card,
  CardHeader,
  MessageBar,
  MessageBarBody,
  Switch,
  Text,
  Toolbar,
  Tooltip,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import {
  Delete20Regular,
  DocumentArrowUp20Regular,
  Edit20Regular,
  PlugConnected20Regular,
  Star20Regular,
  StarOff20Regular,
} from "@fluentui/react-icons";
import type { ReactNode } from "react";
import { useSetDefaultProvider, useSetProviderEnabled, type IdentityProvider, type ProviderAction } from "../../api";
import { localDateTime, utcDateTime } from "../../components/dates";
import { KIND_TITLE, PROTOCOL_TITLE, settingKey, stateOf, type ProviderState } from "./kinds";

const useStyles = makeStyles({
  card: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS },
  badges: { display: "flex", gap: tokens.spacingHorizontalS, flexWrap: "wrap", alignItems: "center" },
  facts: { display: "grid", gridTemplateColumns: "220px 1fr", rowGap: tokens.spacingVerticalXXS, columnGap: tokens.spacingHorizontalM },
  label: { color: tokens.colorNeutralForeground3 },
  mono: { fontFamily: tokens.fontFamilyMonospace, overflowWrap: "anywhere" },
  problems: { margin: 0, paddingInlineStart: tokens.spacingHorizontalL },
});

const STATE_LOOK: Record<ProviderState, { label: string; color: "success" | "warning" | "subtle" }> = {
  loaded: { label: "Loaded", color: "success" },
  not_loaded: { label: "Not loaded", color: "warning" },
  disabled: { label: "Disabled", color: "subtle" },
};

/** The dialog a card asks the page to open. */
export type ProviderDialog = "edit" | "remove" | "test" | "import";

interface Props {
  portal: string;
  provider: IdentityProvider;
  onAction: (action: ProviderDialog, provider: IdentityProvider) => void;
}

export function ProviderCard({ portal, provider: p, onAction }: Props) {
  const styles = useStyles();
  const enable = useSetProviderEnabled();
  const setDefault = useSetDefaultProvider();
  const state = stateOf(p);
  const can = (action: ProviderAction) => p.actions.includes(action);
  const error = enable.error ?? setDefault.error;
  // Its own stored settings; the portal-wide switch is the card's switch.
  const configured = p.settings.filter((s) => s.record_id !== null && p.editable.includes(settingKey(s)));

  return (
    <Card className={styles.card} data-testid={`provider-${p.key}`} data-state={state}>
      <CardHeader
        header={<Text weight="semibold">{p.caption}</Text>}
        description={
          <Caption1>
            {KIND_TITLE[p.kind]}
            {p.protocol && p.kind !== "entra_built_in" && ` · ${PROTOCOL_TITLE[p.protocol]}`} · <span className={styles.mono}>{p.key}</span>
          </Caption1>
        }
        action={
          <Switch
            label={p.disabled ? "Off" : "On"}
            checked={!p.disabled}
            disabled={enable.isPending}
            aria-label={`Enable ${p.caption}`}
            onChange={(_, d) => enable.mutate({ portal, key: p.key, enabled: d.checked })}
            data-testid={`enable-${p.key}`}
          />
        }
      />
      <div className={styles.badges}>
        <Badge appearance="filled" color={STATE_LOOK[state].color} data-testid={`provider-state-${p.key}`}>
          {STATE_LOOK[state].label}
        </Badge>
        {p.is_default && (
          <Badge appearance="tint" color="brand" data-testid={`provider-default-${p.key}`}>
            Default
          </Badge>
        )}
        {p.kind === "local" && <Caption1 className={styles.label}>Not recommended: prefer an external provider.</Caption1>}
      </div>
      {p.problems.length > 0 && (
        <ul className={styles.problems} data-testid={`provider-problems-${p.key}`}>
          {p.problems.map((problem) => (
            <li key={problem.message} data-kind={problem.kind}>
              <Text size={200}>{problem.message}</Text>
            </li>
          ))}
        </ul>
      )}
      {configured.length > 0 && (
        <div className={styles.facts}>
          {configured.map((s) => (
            <Fact key={s.name} label={s.name.split("/").pop() ?? s.name} value={s.effective ?? s.stored ?? "(empty)"} />
          ))}
        </div>
      )}
      {p.certificates.length > 0 && (
        <div className={styles.facts} data-testid={`provider-certificates-${p.key}`}>
          {/* Expiry urgency is the core's call (it runs the watch); the view shows the date only. */}
          {p.certificates.map((c) => (
            <Fact
              key={c.id}
              label="Signing certificate"
              value={
                <>
                  {c.subject} · expires <span title={utcDateTime(c.not_after)}>{localDateTime(c.not_after)}</span>
                  <br />
                  <Caption1 className={styles.mono}>{c.thumbprint}</Caption1>
                </>
              }
            />
          ))}
        </div>
      )}
      {error && (
        <MessageBar intent="error" layout="multiline">
          <MessageBarBody>{error.message}</MessageBarBody>
        </MessageBar>
      )}
      {p.actions.length > 0 && (
        <Toolbar aria-label={`${p.caption} actions`} size="small">
          {can("edit") && (
            <Button icon={<Edit20Regular />} appearance="subtle" onClick={() => onAction("edit", p)} data-testid={`edit-${p.key}`}>
              Edit
            </Button>
          )}
          {can("test_connection") && (
            <Button icon={<PlugConnected20Regular />} appearance="subtle" onClick={() => onAction("test", p)} data-testid={`test-${p.key}`}>
              Test connection
            </Button>
          )}
          {can("import_metadata") && (
            <Button
              icon={<DocumentArrowUp20Regular />}
              appearance="subtle"
              onClick={() => onAction("import", p)}
              data-testid={`import-metadata-${p.key}`}
            >
              Import metadata
            </Button>
          )}
          {!can("make_default") ? null : p.is_default ? (
            <Button
              icon={<StarOff20Regular />}
              appearance="subtle"
              disabled={setDefault.isPending}
              onClick={() => setDefault.mutate({ portal, key: null })}
              data-testid={`default-${p.key}`}
            >
              Clear default
            </Button>
          ) : (
            <Tooltip content="The Sign in button goes straight to this provider" relationship="description">
              <Button
                icon={<Star20Regular />}
                appearance="subtle"
                disabled={setDefault.isPending}
                onClick={() => setDefault.mutate({ portal, key: p.key })}
                data-testid={`default-${p.key}`}
              >
                Make default
              </Button>
            </Tooltip>
          )}
          {can("remove") && (
            <Button icon={<Delete20Regular />} appearance="subtle" onClick={() => onAction("remove", p)} data-testid={`remove-${p.key}`}>
              Remove
            </Button>
          )}
        </Toolbar>
      )}
    </Card>
  );
}

function Fact({ label, value }: { label: string; value: ReactNode }) {
  const styles = useStyles();
  return (
    <>
      <Text size={200} className={styles.label}>
        {label}
      </Text>
      <Text size={200} className={styles.mono}>
        {value}
      </Text>
    </>
  );
}
