// Why a contact can or cannot sign in: the portal's sign-in walked step by step by the core, the
// message the portal would show, and a re-check with a candidate password (used once, never kept).
import {
  Badge,
  Button,
  Caption1,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Text,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { CheckmarkCircle16Filled, CircleHint16Regular, DismissCircle16Filled } from "@fluentui/react-icons";
import { useState, type FormEvent } from "react";
import { diagnoseContact, type SignInDiagnosis, type StepOutcome } from "../../api";
import { localDateTime } from "../../components/dates";
import { STEP, VERDICT } from "./labels";
import { Section } from "./Section";

const useStyles = makeStyles({
  panel: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS },
  head: { display: "flex", gap: tokens.spacingHorizontalS, alignItems: "center", flexWrap: "wrap" },
  steps: { listStyle: "none", margin: 0, padding: 0, display: "flex", flexDirection: "column", gap: tokens.spacingVerticalXS },
  step: { display: "grid", gridTemplateColumns: "20px 180px 1fr", gap: tokens.spacingHorizontalS, alignItems: "start" },
  passed: { color: tokens.colorPaletteGreenForeground1, marginTop: "2px" },
  stopped: { color: tokens.colorPaletteRedForeground1, marginTop: "2px" },
  off: { color: tokens.colorNeutralForeground3, marginTop: "2px" },
  muted: { color: tokens.colorNeutralForeground3 },
  check: { display: "flex", gap: tokens.spacingHorizontalS, alignItems: "flex-end" },
});

interface Props {
  portal: string;
  contactId: string;
  /** The walk without a password, from the contact's details. */
  diagnosis: SignInDiagnosis;
  /** When those details were fetched: a check made before then no longer describes the contact. */
  fetchedAt: number;
}

export function DiagnosisPanel({ portal, contactId, diagnosis, fetchedAt }: Props) {
  const styles = useStyles();
  const [password, setPassword] = useState("");
  const [checked, setChecked] = useState<{ result: SignInDiagnosis; fetchedAt: number } | null>(null);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const withPassword = checked !== null && checked.fetchedAt === fetchedAt;
  const shown = withPassword ? checked.result : diagnosis;
  const verdict = VERDICT[shown.verdict];

  const check = async (event: FormEvent) => {
    event.preventDefault();
    setPending(true);
    setError(null);
    try {
      const result = await diagnoseContact(portal, contactId, password);
      setChecked({ result, fetchedAt });
    } catch (e) {
      setError((e as Error).message);
    } finally {
      // The password has done its job; it does not stay on screen or in memory.
      setPassword("");
      setPending(false);
    }
  };

  const icon = (outcome: StepOutcome) =>
    outcome === "passed" ? (
      <CheckmarkCircle16Filled className={styles.passed} aria-label="Passed" />
    ) : outcome === "stopped" ? (
      <DismissCircle16Filled className={styles.stopped} aria-label="Stopped here" />
    ) : (
      <CircleHint16Regular className={styles.off} aria-label="Not checked" />
    );

  return (
    <Section title="Sign-in diagnosis">
      <div className={styles.panel} data-testid="diagnosis" data-verdict={shown.verdict}>
        <div className={styles.head}>
          <Badge appearance="filled" color={verdict.ok ? "success" : "danger"} data-testid="diagnosis-verdict">
            {verdict.label}
          </Badge>
          <Caption1 className={styles.muted} data-testid="diagnosis-mode">
            {withPassword ? "Checked with the password you typed." : "Without a password."}
          </Caption1>
        </div>
        <Text data-testid="diagnosis-summary">
          {shown.summary}
        </Text>
        <ol className={styles.steps} aria-label="Sign-in steps">
          {shown.steps.map((s) => (
            <li key={s.step} className={styles.step} data-testid="diagnosis-step" data-step={s.step} data-outcome={s.outcome}>
              {icon(s.outcome)}
              <Text weight="semibold">{STEP[s.step]}</Text>
              <Text>{s.explanation}</Text>
            </li>
          ))}
        </ol>
        {shown.portal_message && (
          <MessageBar intent="error" layout="multiline" data-testid="diagnosis-portal-message">
            <MessageBarBody>
              <MessageBarTitle>The portal would say:</MessageBarTitle> {shown.portal_message}
            </MessageBarBody>
          </MessageBar>
        )}
        {shown.after_attempt && (
          <MessageBar intent={shown.attempt_locks_account ? "warning" : "info"} layout="multiline" data-testid="diagnosis-after-attempt">
            <MessageBarBody>
              A real sign-in with this password would make it {shown.after_attempt.access_failed_count} failed attempt
              {shown.after_attempt.access_failed_count === 1 ? "" : "s"}
              {shown.attempt_locks_account
                ? ` and lock the account${shown.after_attempt.lockout_end ? ` until ${localDateTime(shown.after_attempt.lockout_end)}` : ""}.`
                : "."}{" "}
              This check itself counts nothing.
            </MessageBarBody>
          </MessageBar>
        )}
      </div>
      <form className={styles.check} onSubmit={(e) => void check(e)}>
        <Field label="Check a password" hint="Walks the sign-in with it as the portal would. Nothing is stored.">
          <Input
            type="password"
            value={password}
            onChange={(_, d) => setPassword(d.value)}
            autoComplete="off"
            data-testid="diagnosis-password"
          />
        </Field>
        <Button type="submit" disabled={password === "" || pending} data-testid="diagnosis-check">
          Check password
        </Button>
      </form>
      {error && (
        <MessageBar intent="error">
          <MessageBarBody>{error}</MessageBarBody>
        </MessageBar>
      )}
    </Section>
  );
}
