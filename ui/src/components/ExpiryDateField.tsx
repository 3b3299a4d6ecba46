// An optional expiry date: a switch says whether there is one, and only then a date input shows.
// An empty date input looks like today's date in WebKitGTK, so "never" is never left to an empty
// date box; switching expiry on proposes a date 30 days ahead.
import { Field, Input, Switch, makeStyles, tokens } from "@fluentui/react-components";

const useStyles = makeStyles({
  row: { display: "flex", alignItems: "center", gap: tokens.spacingHorizontalS, flexWrap: "wrap" },
});

/** `YYYY-MM-DD` of the local date `days` from `now`. */
export function dateAhead(now: number, days: number): string {
  const d = new Date(now + days * 86_400_000);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

interface Props {
  label: string;
  /** `YYYY-MM-DD`, or "" for no expiry. */
  value: string;
  onChange: (value: string) => void;
  /** What the date means, shown while there is one. */
  hint: string;
  validationMessage?: string;
  testId: string;
}

export function ExpiryDateField({ label, value, onChange, hint, validationMessage, testId }: Props) {
  const styles = useStyles();
  const expires = value !== "";
  return (
    <Field label={label} hint={expires ? hint : "Never expires."} validationMessage={validationMessage}>
      <div className={styles.row}>
        <Switch
          checked={expires}
          label={expires ? "Expires on" : "No expiry"}
          onChange={(_, d) => onChange(d.checked ? dateAhead(Date.now(), 30) : "")}
          data-testid={`${testId}-switch`}
        />
        {expires && (
          <Input type="date" aria-label={label} value={value} required onChange={(_, d) => onChange(d.value)} data-testid={testId} />
        )}
      </div>
    </Field>
  );
}
