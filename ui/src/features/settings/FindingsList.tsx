// The settings checker's findings, most severe first as the core orders them, each with its
// one-click fix when the core offers one.
import { Button, MessageBar, MessageBarActions, MessageBarBody, MessageBarTitle, makeStyles, tokens } from "@fluentui/react-components";
import { useFixFinding, type Finding, type FindingSeverity } from "../../api";

const useStyles = makeStyles({
  list: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS },
});

const INTENT: Record<FindingSeverity, "info" | "warning" | "error"> = {
  info: "info",
  warning: "warning",
  error: "error",
};

export function FindingsList({ portal, findings }: { portal: string; findings: Finding[] }) {
  const styles = useStyles();
  const fix = useFixFinding();
  if (findings.length === 0) {
    return (
      <MessageBar intent="success" data-testid="findings-none">
        <MessageBarBody>The checker found nothing to fix in these settings.</MessageBarBody>
      </MessageBar>
    );
  }
  return (
    <div className={styles.list} data-testid="findings">
      {fix.error && (
        <MessageBar intent="error" data-testid="fix-error">
          <MessageBarBody>
            <MessageBarTitle>The fix was not applied.</MessageBarTitle>
            {fix.error.message}
          </MessageBarBody>
        </MessageBar>
      )}
      {findings.map((f) => (
        <MessageBar key={f.id} intent={INTENT[f.severity]} layout="multiline" data-testid={`finding-${f.id}`}>
          <MessageBarBody>
            <MessageBarTitle>{f.title}</MessageBarTitle> {f.explanation}
          </MessageBarBody>
          {f.fix && (
            <MessageBarActions>
              <Button
                disabled={fix.isPending}
                onClick={() => fix.mutate({ portal, findingId: f.id })}
                data-testid={`fix-${f.id}`}
              >
                {fix.isPending && fix.variables.findingId === f.id ? "Fixing…" : f.fix.label}
              </Button>
            </MessageBarActions>
          )}
        </MessageBar>
      ))}
    </div>
  );
}
