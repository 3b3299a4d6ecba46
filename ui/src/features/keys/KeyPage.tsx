// Manage authentication key: the selected portal's key, its notification schedule and history,
// with generate, import (PEM, DER, PKCS#12) and export (PEM, DER) through native file dialogs.
import {
  Button,
  Card,
  CardHeader,
  MessageBar,
  MessageBarBody,
  Spinner,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  Title2,
  Toolbar,
  Tooltip,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { ArrowDownload20Regular, ArrowUpload20Regular, Copy20Regular, KeyReset20Regular } from "@fluentui/react-icons";
import { open, save } from "@tauri-apps/plugin-dialog";
import { useState } from "react";
import { useExportKey, useImportKey, useKey, useKeyHistory, useKeySchedule, type MilestoneState } from "../../api";
import { useSelectedPortal } from "../../components/SelectedPortal";
import { SeverityBadge } from "../../components/severity";
import { localDateTime, utcDateTime } from "../../components/dates";
import { AcknowledgeDialog } from "./AcknowledgeDialog";
import { GenerateKeyDialog } from "./GenerateKeyDialog";
import { PasswordDialog } from "./PasswordDialog";
import { RenewalPanel, UpdateKeyButton } from "./RenewalPanel";

const useStyles = makeStyles({
  page: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalL, maxWidth: "1100px" },
  facts: { display: "grid", gridTemplateColumns: "200px 1fr", rowGap: tokens.spacingVerticalS, columnGap: tokens.spacingHorizontalL },
  label: { color: tokens.colorNeutralForeground3 },
  mono: { fontFamily: tokens.fontFamilyMonospace },
  table: { backgroundColor: tokens.colorNeutralBackground1 },
});

const STATE_LABEL: Record<MilestoneState, string> = {
  pending: "Upcoming",
  due: "Due",
  sent: "Notified",
  skipped: "Skipped (watch was not running)",
};

function When({ iso }: { iso: string }) {
  return <span title={utcDateTime(iso)}>{localDateTime(iso)}</span>;
}

export function KeyPage() {
  const styles = useStyles();
  const { portal } = useSelectedPortal();
  const view = useKey(portal?.id);
  const key = view.data?.key ?? null;
  const schedule = useKeySchedule(portal?.id, key !== null);
  const history = useKeyHistory(portal?.id);
  const importKey = useImportKey();
  const exportKey = useExportKey();
  const [generating, setGenerating] = useState(false);
  const [acknowledging, setAcknowledging] = useState(false);
  const [pfxPath, setPfxPath] = useState<string | null>(null);
  const [message, setMessage] = useState<{ intent: "success" | "error"; text: string } | null>(null);

  if (!portal) return <Text>Add a portal first.</Text>;
  if (view.isPending) return <Spinner label="Loading the key…" />;

  const runImport = async (path: string, password: string | null) => {
    try {
      const imported = await importKey.mutateAsync({ portal: portal.id, path, password });
      setMessage({ intent: "success", text: `Imported the key with thumbprint ${imported.thumbprint}.` });
    } catch (e) {
      setMessage({ intent: "error", text: (e as Error).message });
    }
  };

  const chooseImport = async () => {
    const path = await open({
      title: "Import an authentication key",
      multiple: false,
      directory: false,
      filters: [{ name: "Certificates and keys", extensions: ["pem", "cer", "crt", "der", "pfx", "p12"] }],
    });
    if (typeof path !== "string") return;
    if (/\.(pfx|p12)$/i.test(path)) setPfxPath(path);
    else await runImport(path, null);
  };

  const chooseExport = async () => {
    const path = await save({
      title: "Export the public certificate",
      defaultPath: `${portal.name.replace(/[^A-Za-z0-9-]+/g, "-")}.cer`,
      filters: [
        { name: "DER certificate (.cer)", extensions: ["cer", "der"] },
        { name: "PEM certificate", extensions: ["pem", "crt"] },
      ],
    });
    if (!path) return;
    const format = /\.(pem|crt)$/i.test(path) ? "pem" : "der";
    try {
      await exportKey.mutateAsync({ portal: portal.id, path, format });
      setMessage({ intent: "success", text: `Wrote the public certificate to ${path}.` });
    } catch (e) {
      setMessage({ intent: "error", text: (e as Error).message });
    }
  };

  return (
    <div className={styles.page}>
      <Title2 as="h1">Authentication key</Title2>
      <Text>
        {portal.name} uses this certificate to connect to Dataverse. When it expires, the portal stops working. New keys are valid
        for {view.data?.key_lifetime_days} days.
      </Text>
      <Toolbar aria-label="Key actions">
        {key && <UpdateKeyButton portal={portal} />}
        <Button icon={<KeyReset20Regular />} onClick={() => setGenerating(true)} data-testid="key-generate">
          {key ? "Generate new key" : "Generate key"}
        </Button>
        <Button icon={<ArrowUpload20Regular />} onClick={() => void chooseImport()}>
          Import…
        </Button>
        <Button icon={<ArrowDownload20Regular />} onClick={() => void chooseExport()} disabled={!key}>
          Export certificate…
        </Button>
      </Toolbar>
      <RenewalPanel portal={portal} />
      {message && (
        <MessageBar intent={message.intent} data-testid="key-message">
          <MessageBarBody>{message.text}</MessageBarBody>
        </MessageBar>
      )}
      {view.isError && (
        <MessageBar intent="error">
          <MessageBarBody>{view.error.message}</MessageBarBody>
        </MessageBar>
      )}
      {!key && view.data && (
        <Card>
          <Text>
            This portal has no authentication key to watch — for example a site that uses a managed identity. Generate a key for it,
            or import the certificate it uses to track its expiry.
          </Text>
        </Card>
      )}
      {key && view.data && (
        <Card data-testid="key-card">
          <CardHeader header={<Text weight="semibold">Current key</Text>} action={<SeverityBadge severity={view.data.severity} />} />
          <div className={styles.facts}>
            <Text className={styles.label}>Expires</Text>
            <Text data-testid="key-expires">
              {localDateTime(key.not_after)} · {utcDateTime(key.not_after)}
            </Text>
            <Text className={styles.label}>Time left</Text>
            <Text data-testid="key-time-left">{view.data.time_left}</Text>
            <Text className={styles.label}>Thumbprint</Text>
            <Text className={styles.mono}>
              {key.thumbprint}{" "}
              <Tooltip content="Copy thumbprint" relationship="label">
                <Button size="small" appearance="subtle" icon={<Copy20Regular />} onClick={() => void navigator.clipboard.writeText(key.thumbprint)} />
              </Tooltip>
            </Text>
            <Text className={styles.label}>Issued</Text>
            <Text>
              <When iso={key.not_before} />
            </Text>
            <Text className={styles.label}>Subject</Text>
            <Text className={styles.mono}>{key.subject}</Text>
            <Text className={styles.label}>Key</Text>
            <Text>
              {key.key_algorithm} {key.key_bits} bits · private key {key.has_private_key ? "in the OS keyring" : "not held on this computer"}
            </Text>
            <Text className={styles.label}>Renewal owner</Text>
            <Text data-testid="key-owner">
              {key.acknowledged_by ?? "Not acknowledged"}{" "}
              <Button size="small" appearance="subtle" onClick={() => setAcknowledging(true)} data-testid="key-acknowledge">
                {key.acknowledged_by ? "Change" : "Acknowledge…"}
              </Button>
            </Text>
            {key.snoozed_until && (
              <>
                <Text className={styles.label}>Banner snoozed until</Text>
                <Text>
                  <When iso={key.snoozed_until} />
                </Text>
              </>
            )}
            {view.data.next_milestone && (
              <>
                <Text className={styles.label}>Next reminder</Text>
                <Text>
                  <When iso={view.data.next_milestone.at} /> ({view.data.next_milestone.label})
                </Text>
              </>
            )}
          </div>
        </Card>
      )}
      {key && schedule.data && (
        <Card>
          <CardHeader header={<Text weight="semibold">Reminder schedule</Text>} />
          <Table className={styles.table} size="small" aria-label="Reminder schedule">
            <TableHeader>
              <TableRow>
                <TableHeaderCell>Milestone</TableHeaderCell>
                <TableHeaderCell>When</TableHeaderCell>
                <TableHeaderCell>State</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {schedule.data.map((e) => (
                <TableRow key={e.milestone}>
                  <TableCell>{e.label}</TableCell>
                  <TableCell>
                    <When iso={e.at} />
                  </TableCell>
                  <TableCell>{STATE_LABEL[e.state]}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </Card>
      )}
      {history.data && history.data.length > 1 && (
        <Card>
          <CardHeader header={<Text weight="semibold">Key history</Text>} />
          <Table className={styles.table} size="small" aria-label="Key history">
            <TableHeader>
              <TableRow>
                <TableHeaderCell>Status</TableHeaderCell>
                <TableHeaderCell>Thumbprint</TableHeaderCell>
                <TableHeaderCell>Valid from</TableHeaderCell>
                <TableHeaderCell>Valid until</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {history.data.map((k) => (
                <TableRow key={k.id}>
                  <TableCell>{k.status}</TableCell>
                  <TableCell className={styles.mono}>{k.thumbprint}</TableCell>
                  <TableCell>
                    <When iso={k.not_before} />
                  </TableCell>
                  <TableCell>
                    <When iso={k.not_after} />
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </Card>
      )}
      {generating && (
        <GenerateKeyDialog
          portal={portal}
          hasKey={key !== null}
          onClose={(text) => {
            setGenerating(false);
            if (text) setMessage({ intent: "success", text });
          }}
        />
      )}
      {acknowledging && key && (
        <AcknowledgeDialog portal={portal} current={key.acknowledged_by ?? ""} onClose={() => setAcknowledging(false)} />
      )}
      {pfxPath && (
        <PasswordDialog
          file={pfxPath}
          onClose={(password) => {
            const path = pfxPath;
            setPfxPath(null);
            if (password !== null) void runImport(path, password);
          }}
        />
      )}
    </div>
  );
}
