// What a portal folder holds: records per kind and the files kept as they are.
import { Text, makeStyles, tokens } from "@fluentui/react-components";
import type { FolderSummary, Layout, RecordKind } from "../../api";
import { countOf } from "../../components/numbers";
import { KIND_TITLES } from "./PacDiffView";

const useStyles = makeStyles({
  list: { display: "flex", flexWrap: "wrap", gap: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalL}`, margin: 0, padding: 0, listStyle: "none" },
});

export function layoutTitle(layout: Layout): string {
  return layout === "aggregate" ? "Aggregate layout (pac pages download)" : "Code site (.powerpages-site)";
}

export function FolderCounts({ summary }: { summary: FolderSummary }) {
  const styles = useStyles();
  const counts: [RecordKind, number][] = [
    ["site_setting", summary.counts.site_settings],
    ["web_role", summary.counts.web_roles],
    ["website_access", summary.counts.website_access],
    ["page_rule", summary.counts.page_rules],
    ["table_permission", summary.counts.table_permissions],
  ];
  return (
    <ul className={styles.list} aria-label="Records in the folder">
      {counts.map(([kind, n]) => (
        <li key={kind} data-testid={`pac-count-${kind}`} data-count={n}>
          <Text>
            {KIND_TITLES[kind]}: <strong>{n}</strong>
          </Text>
        </li>
      ))}
      <li data-testid="pac-kept-files" data-count={summary.kept_files}>
        <Text>{countOf(summary.kept_files, "file")} kept as they are</Text>
      </li>
    </ul>
  );
}
