// Discover portals: what the tenant's sites would add and update in the workspace (a preview from
// the core), then applied in one go; the portals' key dates are read from Graph right after.
import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  MessageBar,
  MessageBarBody,
  Spinner,
  Text,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { useEffect } from "react";
import { useDiscover } from "../../api";
import type { ConnectionView, Discovery } from "../../api";

const useStyles = makeStyles({
  body: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS, maxHeight: "60vh", overflowY: "auto" },
  list: { margin: 0, paddingLeft: tokens.spacingHorizontalL },
});

function Summary({ result }: { result: Discovery }) {
  const styles = useStyles();
  const p = result.preview;
  return (
    <>
      <Text data-testid="discover-summary">
        {p.sites} site(s) in {p.environments} environment(s): {p.added.length} to add, {p.updated.length} to update,{" "}
        {p.unchanged} unchanged, {p.skipped.length} skipped.
      </Text>
      {p.added.length > 0 && (
        <ul className={styles.list} aria-label="Portals to add">
          {p.added.map((d) => (
            <li key={d.portal.id}>
              <strong>{d.portal.name}</strong> — {d.portal.url} ({d.site.data_model ?? "data model unknown"}, {d.site.site_type ?? "type unknown"})
            </li>
          ))}
        </ul>
      )}
      {p.updated.length > 0 && (
        <ul className={styles.list} aria-label="Portals to update">
          {p.updated.map((d) => (
            <li key={d.portal.id}>
              <strong>{d.portal.name}</strong>: {d.changes.map((c) => `${c.field} ${c.before ?? "—"} → ${c.after ?? "—"}`).join("; ")}
            </li>
          ))}
        </ul>
      )}
      {p.skipped.map((s) => (
        <MessageBar key={`${s.environment}/${s.name}`} intent="warning">
          <MessageBarBody>
            {s.name} ({s.environment}): {s.reason}
          </MessageBarBody>
        </MessageBar>
      ))}
      {result.applied &&
        result.keys.map((k) => (
          <Text key={k.portal_id}>
            {k.portal_name}:{" "}
            {k.error
              ? `key dates not read (${k.error})`
              : k.not_after
                ? `key expires ${new Date(k.not_after).toLocaleString()} (from Microsoft Graph)`
                : "no key to renew"}
          </Text>
        ))}
    </>
  );
}

export function DiscoverDialog({ connection, onClose }: { connection: ConnectionView; onClose: () => void }) {
  const styles = useStyles();
  const preview = useDiscover();
  const apply = useDiscover();
  const { mutate } = preview;
  useEffect(() => mutate({ connection: connection.id, apply: false }), [mutate, connection.id]);
  const shown = apply.data ?? preview.data;
  const failure = apply.error ?? preview.error;
  const changes = preview.data?.preview.added.length || preview.data?.preview.updated.length;

  return (
    <Dialog open onOpenChange={(_, data) => !data.open && onClose()}>
      <DialogSurface aria-describedby={undefined}>
        <DialogBody>
          <DialogTitle>Discover portals in {connection.name}</DialogTitle>
          <DialogContent className={styles.body}>
            {(preview.isPending || apply.isPending) && <Spinner label={apply.isPending ? "Applying…" : "Listing the tenant's sites…"} />}
            {failure && (
              <MessageBar intent="error">
                <MessageBarBody>{failure.message}</MessageBarBody>
              </MessageBar>
            )}
            {shown && <Summary result={shown} />}
          </DialogContent>
          <DialogActions>
            <Button onClick={onClose}>{apply.data ? "Close" : "Cancel"}</Button>
            {!apply.data && (
              <Button
                appearance="primary"
                disabled={!changes || apply.isPending}
                onClick={() => apply.mutate({ connection: connection.id, apply: true })}
                data-testid="discover-apply"
              >
                Apply
              </Button>
            )}
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
