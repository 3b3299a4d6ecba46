// "Update key": confirmation, then the renewal's live progress step by step, the error with
// Retry when a step fails, and the result. Step states come from the core.
import {
  Button,
  Card,
  CardHeader,
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
import { CheckmarkCircle20Filled, Circle20Regular, DismissCircle20Filled } from "@fluentui/react-icons";
import { useState } from "react";
import { useRenewKey, useRenewal, type Portal, type RenewalView } from "../../api";

const useStyles = makeStyles({
  steps: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS, paddingBlock: tokens.spacingVerticalS },
  step: { display: "flex", alignItems: "center", gap: tokens.spacingHorizontalS },
  done: { color: tokens.colorPaletteGreenForeground1 },
  failed: { color: tokens.colorPaletteRedForeground1 },
  waiting: { color: tokens.colorNeutralForeground4 },
});

function StepIcon({ status }: { status: RenewalView["steps"][number]["status"] }) {
  const styles = useStyles();
  switch (status) {
    case "done":
      return <CheckmarkCircle20Filled className={styles.done} aria-label="done" />;
    case "running":
      return <Spinner size="extra-tiny" aria-label="in progress" />;
    case "failed":
      return <DismissCircle20Filled className={styles.failed} aria-label="failed" />;
    default:
      return <Circle20Regular className={styles.waiting} aria-label="waiting" />;
  }
}

/** The "Update key" button with its confirmation dialog. */
export function UpdateKeyButton({ portal }: { portal: Portal }) {
  const [confirming, setConfirming] = useState(false);
  const renew = useRenewKey();
  return (
    <>
      <Button appearance="primary" onClick={() => setConfirming(true)} data-testid="key-update">
        Update key
      </Button>
      {confirming && (
        <Dialog open modalType="alert" onOpenChange={(_, d) => !d.open && setConfirming(false)}>
          <DialogSurface>
            <DialogBody>
              <DialogTitle>Update the authentication key of {portal.name}?</DialogTitle>
              <DialogContent>
                A new key valid for {portal.key_lifetime_days} days is generated and registered, the portal restarts once, and
                the old key is retired only after the portal is verified to connect with the new one. Nothing else in the
                portal changes.
                {renew.error && (
                  <MessageBar intent="error">
                    <MessageBarBody>{renew.error.message}</MessageBarBody>
                  </MessageBar>
                )}
              </DialogContent>
              <DialogActions>
                <Button onClick={() => setConfirming(false)}>Cancel</Button>
                <Button
                  appearance="primary"
                  data-testid="key-update-confirm"
                  disabled={renew.isPending}
                  onClick={() => renew.mutate(portal.id, { onSuccess: () => setConfirming(false) })}
                >
                  Update key
                </Button>
              </DialogActions>
            </DialogBody>
          </DialogSurface>
        </Dialog>
      )}
    </>
  );
}

/** The latest renewal's progress, shown while it runs, when it failed, and once after it succeeded. */
export function RenewalPanel({ portal }: { portal: Portal }) {
  const styles = useStyles();
  const renewal = useRenewal(portal.id);
  const retry = useRenewKey();
  const view = renewal.data;
  if (!view) return null;
  const { job, steps } = view;
  return (
    <Card data-testid="renewal-panel" data-state={job.state}>
      <CardHeader
        header={
          <Text weight="semibold">
            {job.state === "running" ? "Updating the key…" : job.state === "failed" ? "Key update failed" : "Key updated"}
          </Text>
        }
      />
      <div className={styles.steps}>
        {steps.map((s) => (
          <div key={s.step} className={styles.step} data-testid={`renewal-step-${s.step}`} data-status={s.status}>
            <StepIcon status={s.status} />
            <Text>{s.description}</Text>
          </div>
        ))}
      </div>
      {job.state === "failed" && (
        <MessageBar intent="error">
          <MessageBarBody>{job.error} The old key is still active, so the portal keeps working.</MessageBarBody>
        </MessageBar>
      )}
      {job.state === "failed" && (
        <Button appearance="primary" onClick={() => retry.mutate(portal.id)} data-testid="renewal-retry">
          Retry
        </Button>
      )}
    </Card>
  );
}
