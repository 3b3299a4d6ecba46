// One catalogue setting as a typed field with its description, default, the core's notes and
// warnings. Switches and choices save at once; text saves on Enter, on leaving the field or with
// Save. The core validates every value; its message shows under the field.
import {
  Badge,
  Button,
  Caption1,
  Dropdown,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  Option,
  Switch,
  Text,
  makeStyles,
  mergeClasses,
  tokens,
} from "@fluentui/react-components";
import { ArrowReset20Regular, Info16Regular } from "@fluentui/react-icons";
import { useRef, useState } from "react";
import { ApiError, useResetSetting, useSetSetting, type EffectiveSetting, type SettingKind } from "../../api";
import { settingLabel, syntaxHint } from "./labels";

const useStyles = makeStyles({
  row: {
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalXS,
    paddingBlock: tokens.spacingVerticalM,
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
  },
  inactive: { "& .fui-Field": { opacity: 0.6 } },
  head: { display: "flex", alignItems: "center", gap: tokens.spacingHorizontalS, flexWrap: "wrap" },
  label: { flexGrow: 1 },
  name: { fontFamily: tokens.fontFamilyMonospace, color: tokens.colorNeutralForeground3 },
  editor: { display: "flex", gap: tokens.spacingHorizontalS, alignItems: "center", maxWidth: "520px" },
  input: { flexGrow: 1 },
  muted: { color: tokens.colorNeutralForeground3 },
  notes: { margin: 0, paddingInlineStart: tokens.spacingHorizontalL, color: tokens.colorNeutralForeground2 },
  dependency: { display: "flex", alignItems: "center", gap: tokens.spacingHorizontalXS, color: tokens.colorNeutralForeground3 },
});

export function SettingField({ portal, setting }: { portal: string; setting: EffectiveSetting }) {
  const styles = useStyles();
  const set = useSetSetting();
  const reset = useResetSetting();
  const error = set.error ?? reset.error;
  const message = error instanceof ApiError ? (error.fieldMessage("value") ?? error.message) : error?.message;
  const kind: SettingKind = setting.kind ?? { type: "text" };
  const pending = set.isPending || reset.isPending;
  /** Resolves to the setting as the core now reads it, or `undefined` when refused (shown inline). */
  const save = (value: string) => {
    reset.reset();
    return set.mutateAsync({ portal, name: setting.name, value }).catch(() => undefined);
  };
  const label = settingLabel(setting.name);

  return (
    <div
      className={mergeClasses(styles.row, setting.inactive_because !== null && styles.inactive)}
      data-testid={`setting-${setting.name}`}
      data-changed={setting.changed}
    >
      <div className={styles.head}>
        <Text weight="semibold" className={styles.label}>
          {label}
        </Text>
        {setting.changed && (
          <Badge appearance="tint" color="brand" data-testid="setting-changed">
            Changed
          </Badge>
        )}
        {setting.source === "unparsable" && (
          <Badge appearance="tint" color="danger">
            Ignored by the portal
          </Badge>
        )}
        {setting.shadowed.length > 0 && (
          <Badge appearance="tint" color="warning">
            {setting.shadowed.length + 1} records
          </Badge>
        )}
        {setting.resettable && (
          <Button
            size="small"
            appearance="subtle"
            icon={<ArrowReset20Regular />}
            disabled={pending}
            onClick={() => {
              set.reset();
              reset.mutate({ portal, name: setting.name });
            }}
            data-testid="setting-reset"
          >
            Reset to default
          </Button>
        )}
      </div>
      <Caption1 className={styles.name}>{setting.name}</Caption1>
      {setting.warning && (
        // Loud when the setting is on its risky side, still visible when it is not.
        <MessageBar intent={setting.changed ? "error" : "warning"} data-testid="setting-warning">
          <MessageBarBody>{setting.warning}</MessageBarBody>
        </MessageBar>
      )}
      <Field hint={syntaxHint(kind)} validationMessage={message} validationState={message ? "error" : "none"}>
        <Editor setting={setting} kind={kind} label={label} pending={pending} onSave={save} />
      </Field>
      {setting.description && <Text size={200}>{setting.description}</Text>}
      <Caption1 className={styles.muted}>Default: {setting.default ?? "not set"}</Caption1>
      {/* What the runtime makes of a stored value, where that is not what is written (a switch shows it already). */}
      {kind.type !== "bool" && kind.type !== "secret" && setting.stored !== null && setting.effective !== setting.stored && (
        <Caption1 data-testid="setting-effective">
          The portal reads: <strong>{setting.effective ?? "nothing"}</strong>
        </Caption1>
      )}
      {setting.notes.length > 0 && (
        <ul className={styles.notes} data-testid="setting-notes">
          {setting.notes.map((note) => (
            <li key={note}>
              <Caption1>{note}</Caption1>
            </li>
          ))}
        </ul>
      )}
      {setting.inactive_because && (
        <Caption1 className={styles.dependency} data-testid="setting-inactive">
          <Info16Regular aria-hidden /> {setting.inactive_because}
        </Caption1>
      )}
    </div>
  );
}

interface EditorProps {
  setting: EffectiveSetting;
  kind: SettingKind;
  /** The control's accessible name. */
  label: string;
  pending: boolean;
  onSave: (value: string) => Promise<EffectiveSetting | undefined>;
}

function Editor({ setting, kind, label, pending, onSave }: EditorProps) {
  if (kind.type === "bool") {
    const on = setting.effective === "true";
    return (
      <Switch
        checked={on}
        aria-label={label}
        disabled={pending}
        label={on ? "On" : "Off"}
        onChange={(_, data) => void onSave(data.checked ? "true" : "false")}
        data-testid="setting-switch"
      />
    );
  }
  if (kind.type === "enum") {
    const current = setting.effective ?? "";
    return (
      <Dropdown
        value={current}
        aria-label={label}
        selectedOptions={[current]}
        disabled={pending}
        onOptionSelect={(_, data) => {
          if (data.optionValue && data.optionValue !== current) void onSave(data.optionValue);
        }}
        data-testid="setting-choice"
      >
        {kind.values.map((v) => (
          <Option key={v} value={v}>
            {v}
          </Option>
        ))}
      </Dropdown>
    );
  }
  // Remounted when the stored value changes, so the box shows what the core stored (canonical).
  return <TextEditor key={setting.stored ?? ""} setting={setting} kind={kind} label={label} pending={pending} onSave={onSave} />;
}

function TextEditor({ setting, kind, label, pending, onSave }: EditorProps) {
  const styles = useStyles();
  const initial = setting.stored ?? "";
  const [draft, setDraft] = useState(initial);
  // Leaving the field does not resend the value just sent (the core may have refused it);
  // Enter and Save do.
  const sent = useRef<string | null>(null);
  const dirty = draft !== initial;
  const commit = (explicit: boolean) => {
    if (!dirty || pending) return;
    if (!explicit && sent.current === draft) return;
    sent.current = draft;
    // The core may store the value in canonical form (and a value equal to the stored one
    // changes nothing, so the editor is not remounted): show what it kept.
    void onSave(draft).then((saved) => saved && setDraft(saved.stored ?? ""));
  };
  return (
    <div className={styles.editor}>
      <Input
        className={styles.input}
        type={kind.type === "int" ? "number" : "text"}
        min={kind.type === "int" ? kind.min : undefined}
        max={kind.type === "int" ? kind.max : undefined}
        value={draft}
        aria-label={label}
        placeholder={setting.default ?? undefined}
        onChange={(_, data) => setDraft(data.value)}
        onBlur={() => commit(false)}
        onKeyDown={(e) => {
          if (e.key === "Enter") commit(true);
          if (e.key === "Escape") setDraft(initial);
        }}
        data-testid="setting-input"
      />
      {dirty && (
        <Button appearance="primary" size="small" disabled={pending} onClick={() => commit(true)} data-testid="setting-save">
          Save
        </Button>
      )}
    </div>
  );
}
