// The password policy tester: runs the portal's own validator (in the core) on a sample as it is
// typed, and shows each rule and the exact error text the portal would show. Nothing is stored.
import {
  Badge,
  Caption1,
  Card,
  CardHeader,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Spinner,
  Text,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { CheckmarkCircle16Filled, DismissCircle16Filled, Subtract16Regular } from "@fluentui/react-icons";
import { useState } from "react";
import { usePasswordTest, type PasswordCheck, type PasswordReport } from "../../api";
import { useDebounced } from "../../components/useDebounced";

const useStyles = makeStyles({
  card: { position: "sticky", top: 0 },
  checks: { listStyle: "none", margin: 0, padding: 0, display: "flex", flexDirection: "column", gap: tokens.spacingVerticalXS },
  check: { display: "flex", gap: tokens.spacingHorizontalS, alignItems: "flex-start" },
  pass: { color: tokens.colorPaletteGreenForeground1, flexShrink: 0, marginTop: "2px" },
  fail: { color: tokens.colorPaletteRedForeground1, flexShrink: 0, marginTop: "2px" },
  off: { color: tokens.colorNeutralForeground3, flexShrink: 0, marginTop: "2px" },
  muted: { color: tokens.colorNeutralForeground3 },
});

/** Calls wait for a pause in typing this long. */
const DEBOUNCE_MS = 200;

type CheckState = "pass" | "fail" | "off";

function stateOf(check: PasswordCheck): CheckState {
  if (!check.applies) return "off";
  return check.passed ? "pass" : "fail";
}

export function PasswordTester({ portal }: { portal: string }) {
  const styles = useStyles();
  const [password, setPassword] = useState("");
  const sample = useDebounced(password, DEBOUNCE_MS);
  const test = usePasswordTest(portal, sample);
  const report = password !== "" && sample !== "" ? test.data : undefined;
  return (
    <Card className={styles.card} data-testid="password-tester">
      <CardHeader
        header={<Text weight="semibold">Password policy tester</Text>}
        description={<Caption1>Checks a sample against this portal's password rules, as the portal would. Nothing is saved.</Caption1>}
      />
      <Field label="Sample password">
        <Input type="password" value={password} onChange={(_, d) => setPassword(d.value)} data-testid="password-candidate" />
      </Field>
      {password === "" && <Caption1 className={styles.muted}>Type a password to see which rules it meets.</Caption1>}
      {password !== "" && !report && test.isFetching && <Spinner size="tiny" label="Checking…" />}
      {test.isError && password !== "" && (
        <MessageBar intent="error">
          <MessageBarBody>{test.error.message}</MessageBarBody>
        </MessageBar>
      )}
      {report && <Verdict report={report} />}
    </Card>
  );
}

function Verdict({ report }: { report: PasswordReport }) {
  const styles = useStyles();
  const icon = (state: CheckState) =>
    state === "pass" ? (
      <CheckmarkCircle16Filled className={styles.pass} aria-label="Met" />
    ) : state === "fail" ? (
      <DismissCircle16Filled className={styles.fail} aria-label="Not met" />
    ) : (
      <Subtract16Regular className={styles.off} aria-label="Not required" />
    );
  const classes = [
    report.classes.uppercase && "uppercase",
    report.classes.lowercase && "lowercase",
    report.classes.digit && "digit",
    report.classes.non_letter_or_digit && "special",
  ].filter(Boolean);
  return (
    <>
      <div>
        <Badge appearance="filled" color={report.accepted ? "success" : "danger"} data-testid="password-verdict">
          {report.accepted ? "Accepted" : "Rejected"}
        </Badge>
      </div>
      {report.error && (
        <MessageBar intent="error" layout="multiline" data-testid="password-error">
          <MessageBarBody>
            <MessageBarTitle>The portal would say:</MessageBarTitle> {report.error}
          </MessageBarBody>
        </MessageBar>
      )}
      <ul className={styles.checks} aria-label="Password rules">
        {report.checks.map((check) => {
          const state = stateOf(check);
          return (
            <li key={check.rule} className={styles.check} data-testid={`password-check-${check.rule}`} data-state={state}>
              {icon(state)}
              <span>
                <Text size={200}>{check.requirement}</Text>
                {state === "off" && <Caption1 className={styles.muted}> (not required)</Caption1>}
              </span>
            </li>
          );
        })}
      </ul>
      <Caption1 className={styles.muted}>
        {report.length} characters · {classes.length > 0 ? classes.join(", ") : "no character classes"}
      </Caption1>
    </>
  );
}
