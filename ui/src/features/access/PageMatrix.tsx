// Effective page access: every web page in tree order × read and change, each with the core's
// reason and the ancestor page whose rule it inherits; and the front-side editing rights
// (website access) the principal's roles add up to, with the records they come from.
import {
  Caption1,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  makeStyles,
  mergeClasses,
  tokens,
} from "@fluentui/react-components";
import { Checkmark16Filled, Dismiss16Regular } from "@fluentui/react-icons";
import type { PageAccess, PageDecision, WebsiteAccessGrant } from "../../api";

const useStyles = makeStyles({
  table: { backgroundColor: tokens.colorNeutralBackground1 },
  page: { display: "flex", flexDirection: "column" },
  decision: { display: "flex", gap: tokens.spacingHorizontalS, alignItems: "flex-start" },
  icon: { flexShrink: 0, marginBlockStart: "2px" },
  granted: { color: tokens.colorPaletteGreenForeground1 },
  denied: { color: tokens.colorPaletteRedForeground1 },
  muted: { color: tokens.colorNeutralForeground3 },
  mono: { fontFamily: tokens.fontFamilyMonospace },
  rights: { margin: 0, paddingInlineStart: 0, listStyleType: "none", display: "flex", flexDirection: "column", gap: tokens.spacingVerticalXS },
});

function Decision({ testId, decision }: { testId: string; decision: PageDecision }) {
  const styles = useStyles();
  return (
    <TableCell data-testid={testId} data-allowed={decision.allowed}>
      <span className={styles.decision}>
        {decision.allowed ? (
          <Checkmark16Filled className={mergeClasses(styles.icon, styles.granted)} aria-label="Allowed" />
        ) : (
          <Dismiss16Regular className={mergeClasses(styles.icon, styles.denied)} aria-label="Not allowed" />
        )}
        <Caption1>
          {decision.reason}
          {decision.inherited_from && <span className={styles.muted}> Inherited from {decision.inherited_from}.</span>}
        </Caption1>
      </span>
    </TableCell>
  );
}

export function PageMatrix({ pages }: { pages: readonly PageAccess[] }) {
  const styles = useStyles();
  if (pages.length === 0) return <Caption1>This portal has no web pages in the workspace.</Caption1>;
  return (
    <Table className={styles.table} aria-label="Page access" data-testid="page-matrix" size="small">
      <TableHeader>
        <TableRow>
          <TableHeaderCell>Page</TableHeaderCell>
          <TableHeaderCell>Read</TableHeaderCell>
          <TableHeaderCell>Change</TableHeaderCell>
        </TableRow>
      </TableHeader>
      <TableBody>
        {pages.map((p) => (
          <TableRow key={p.page_id} data-testid="page-row" data-name={p.page_name} data-depth={p.depth}>
            <TableCell>
              <span className={styles.page} style={{ paddingInlineStart: `${p.depth * 20}px` }}>
                <Text>{p.page_name}</Text>
                <Caption1 className={mergeClasses(styles.muted, styles.mono)}>{p.partial_url}</Caption1>
              </span>
            </TableCell>
            <Decision testId={`page-${p.page_name}-read`} decision={p.read} />
            <Decision testId={`page-${p.page_name}-change`} decision={p.change} />
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

const RIGHTS = [
  ["manage_content_snippets", "Manage content snippets"],
  ["manage_site_markers", "Manage site markers"],
  ["manage_web_link_sets", "Manage web link sets"],
  ["preview_unpublished_entities", "Preview unpublished entities"],
] as const;

export function WebsiteAccessUnion({ grant }: { grant: WebsiteAccessGrant }) {
  const styles = useStyles();
  return (
    <div data-testid="website-access">
      <ul className={styles.rights}>
        {RIGHTS.map(([key, label]) => (
          <li key={key} className={styles.decision} data-testid={`website-${key}`} data-granted={grant[key]}>
            {grant[key] ? (
              <Checkmark16Filled className={mergeClasses(styles.icon, styles.granted)} aria-label="Granted" />
            ) : (
              <Dismiss16Regular className={mergeClasses(styles.icon, styles.denied)} aria-label="Not granted" />
            )}
            <Text>{label}</Text>
          </li>
        ))}
      </ul>
      <Caption1 data-testid="website-access-from">
        {grant.from.length > 0 ? `From ${grant.from.join(", ")}.` : "No website access record applies to these roles."}
      </Caption1>
    </div>
  );
}
