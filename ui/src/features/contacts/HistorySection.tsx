// A contact's audit trail, newest first: who changed what and when, field by field.
import { Caption1, Text, makeStyles, tokens } from "@fluentui/react-components";
import type { AuditEntry } from "../../api";
import { localDateTime, utcDateTime } from "../../components/dates";
import { Section } from "./Section";

const useStyles = makeStyles({
  list: { listStyle: "none", margin: 0, padding: 0, display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS },
  entry: { display: "flex", flexDirection: "column", gap: "2px" },
  changes: { margin: 0, paddingInlineStart: tokens.spacingHorizontalL },
  muted: { color: tokens.colorNeutralForeground3 },
});

const ACTION = { created: "Created", updated: "Changed", deleted: "Deleted" } as const;
/** Bookkeeping every change touches. */
const QUIET = new Set(["modified_at"]);
/** Fields whose values say nothing to a reader (or should not be shown): only that they changed. */
const OPAQUE = new Set(["password", "password_hash", "security_stamp"]);

function show(value: unknown): string {
  if (value === null || value === undefined || value === "") return "—";
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") return String(value);
  return JSON.stringify(value);
}

/** The top-level fields that differ between two records, as "field: before → after". */
export function changedFields(before: unknown, after: unknown): string[] {
  const a = (before && typeof before === "object" && !Array.isArray(before) ? before : {}) as Record<string, unknown>;
  const b = (after && typeof after === "object" && !Array.isArray(after) ? after : {}) as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((k) => !QUIET.has(k));
  return keys
    .filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k]))
    .map((k) => (OPAQUE.has(k) ? `${k} changed` : `${k}: ${show(a[k])} → ${show(b[k])}`));
}

export function HistorySection({ history }: { history: readonly AuditEntry[] }) {
  const styles = useStyles();
  const entries = [...history].sort((x, y) => y.id - x.id);
  return (
    <Section title="History" testId="contact-history">
      {entries.length === 0 && <Text>No recorded changes.</Text>}
      <ul className={styles.list}>
        {entries.map((entry) => {
          const changes = entry.action === "updated" ? changedFields(entry.before, entry.after) : [];
          return (
            <li key={entry.id} className={styles.entry} data-testid="contact-history-entry">
              <Text>
                <Text weight="semibold">{ACTION[entry.action]}</Text> <span title={utcDateTime(entry.at)}>{localDateTime(entry.at)}</span>
                <Caption1 className={styles.muted}> · {entry.actor}</Caption1>
              </Text>
              {changes.length > 0 && (
                <ul className={styles.changes}>
                  {changes.map((line) => (
                    <li key={line}>
                      <Caption1>{line}</Caption1>
                    </li>
                  ))}
                </ul>
              )}
            </li>
          );
        })}
      </ul>
    </Section>
  );
}
