// The semantic diff of a portal folder against a portal (or the reverse, for exports): records
// grouped by kind, each added, removed or changed, expandable to its fields' old and new values;
// kept files that differ; long groups cut at 200 records.
import {
  Badge,
  Button,
  Caption1,
  Subtitle2,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { ChevronDown16Regular, ChevronRight16Regular } from "@fluentui/react-icons";
import { useState } from "react";
import type { DiffChange, PacDiff, RecordDiff, RecordKind } from "../../api";

export const KIND_TITLES: Record<RecordKind, string> = {
  site_setting: "Site settings",
  web_role: "Web roles",
  website_access: "Website access",
  page_rule: "Page rules",
  table_permission: "Table permissions",
};

const KINDS: RecordKind[] = ["site_setting", "web_role", "website_access", "page_rule", "table_permission"];

/** Records shown per kind; the rest are counted. */
export const SHOWN_PER_KIND = 200;

const CHANGE: Record<DiffChange, { label: string; color: "success" | "danger" | "warning" }> = {
  added: { label: "Added", color: "success" },
  removed: { label: "Removed", color: "danger" },
  changed: { label: "Changed", color: "warning" },
};

const useStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS },
  list: { maxHeight: "320px", overflowY: "auto", display: "flex", flexDirection: "column", gap: tokens.spacingVerticalXS },
  record: { display: "flex", alignItems: "center", gap: tokens.spacingHorizontalS },
  name: { overflowWrap: "anywhere" },
  fields: { marginLeft: tokens.spacingHorizontalXXL, marginBottom: tokens.spacingVerticalS },
  value: { fontFamily: tokens.fontFamilyMonospace, overflowWrap: "anywhere" },
});

export function PacDiffView({ diff }: { diff: PacDiff }) {
  const styles = useStyles();
  const empty = diff.records.length === 0 && diff.files.length === 0;
  return (
    <div
      className={styles.root}
      data-testid="pac-diff"
      data-added={diff.added}
      data-removed={diff.removed}
      data-changed={diff.changed}
    >
      <Text weight="semibold">
        {diff.added} added · {diff.removed} removed · {diff.changed} changed · {diff.unchanged} unchanged
      </Text>
      {empty && <Text data-testid="pac-diff-empty">No differences.</Text>}
      <div className={styles.list}>
        {KINDS.map((kind) => {
          const records = diff.records.filter((r) => r.kind === kind);
          if (records.length === 0) return null;
          const shown = records.slice(0, SHOWN_PER_KIND);
          return (
            <section key={kind} aria-label={KIND_TITLES[kind]}>
              <Subtitle2>{KIND_TITLES[kind]}</Subtitle2>
              {shown.map((r) => (
                <RecordRow key={`${r.kind}-${r.id}`} record={r} />
              ))}
              {records.length > shown.length && (
                <Caption1 data-testid="pac-diff-more">and {records.length - shown.length} more</Caption1>
              )}
            </section>
          );
        })}
        {diff.files.length > 0 && (
          <section aria-label="Files kept as they are">
            <Subtitle2>Files kept as they are</Subtitle2>
            {diff.files.map((f) => (
              <div key={f.path} className={styles.record} data-testid="pac-diff-file" data-change={f.change}>
                <Badge appearance="tint" color={CHANGE[f.change].color}>
                  {CHANGE[f.change].label}
                </Badge>
                <Text className={styles.value}>{f.path}</Text>
              </div>
            ))}
          </section>
        )}
      </div>
    </div>
  );
}

function RecordRow({ record }: { record: RecordDiff }) {
  const styles = useStyles();
  const [open, setOpen] = useState(false);
  const change = CHANGE[record.change];
  return (
    <div data-testid="pac-diff-record" data-kind={record.kind} data-name={record.name} data-change={record.change}>
      <div className={styles.record}>
        <Button
          appearance="subtle"
          size="small"
          icon={open ? <ChevronDown16Regular /> : <ChevronRight16Regular />}
          aria-expanded={open}
          aria-label={`${open ? "Hide" : "Show"} the fields of ${record.name}`}
          onClick={() => setOpen(!open)}
          data-testid="pac-diff-expand"
        />
        <Badge appearance="tint" color={change.color}>
          {change.label}
        </Badge>
        <Text className={styles.name}>{record.name}</Text>
      </div>
      {open && (
        <Table size="extra-small" className={styles.fields} aria-label={`Fields of ${record.name}`}>
          <TableHeader>
            <TableRow>
              <TableHeaderCell style={{ width: "28%" }}>Field</TableHeaderCell>
              <TableHeaderCell>Before</TableHeaderCell>
              <TableHeaderCell>After</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {record.fields.map((f) => (
              <TableRow key={f.field} data-testid="pac-diff-field" data-field={f.field}>
                <TableCell>{f.field}</TableCell>
                <TableCell className={styles.value}>{f.before ?? "—"}</TableCell>
                <TableCell className={styles.value}>{f.after ?? "—"}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </div>
  );
}
