// The page access rules of a portal as a table (right, scope, page by its tree path, roles), with
// add and edit in `PageRuleEditor` and remove after a confirmation.
import {
  Badge,
  Button,
  Caption1,
  Subtitle1,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  Toolbar,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { Add20Regular, Delete20Regular, Edit20Regular } from "@fluentui/react-icons";
import { useState } from "react";
import { useRemovePageRule, type AccessModel, type PageRule } from "../../api";
import { ConfirmDialog } from "../../components/ConfirmDialog";
import { RoleBadges } from "./AccessBadges";
import { pagePath, pageRightName, pageRuleScopeName } from "./labels";
import { NEW_PAGE_RULE, PageRuleEditor } from "./PageRuleEditor";

const useStyles = makeStyles({
  section: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS },
  table: { backgroundColor: tokens.colorNeutralBackground1 },
  name: { display: "flex", gap: tokens.spacingHorizontalS, alignItems: "center", flexWrap: "wrap" },
  actions: { width: "96px" },
  nowrap: { whiteSpace: "nowrap" },
  muted: { color: tokens.colorNeutralForeground3 },
});

type Open = { kind: "edit"; rule: PageRule } | { kind: "remove"; rule: PageRule } | null;

interface Props {
  portal: string;
  model: AccessModel;
  onMessage: (message: string) => void;
}

export function PageRulesSection({ portal, model, onMessage }: Props) {
  const styles = useStyles();
  const remove = useRemovePageRule();
  const [open, setOpen] = useState<Open>(null);
  const rules = [...model.page_rules].sort((a, b) => a.name.localeCompare(b.name));

  return (
    <section className={styles.section} aria-labelledby="page-rules-title">
      <Subtitle1 as="h2" id="page-rules-title">
        Page access rules
      </Subtitle1>
      <Toolbar aria-label="Page access rule actions">
        <Button appearance="primary" icon={<Add20Regular />} onClick={() => setOpen({ kind: "edit", rule: NEW_PAGE_RULE })} data-testid="page-rule-add">
          New rule
        </Button>
      </Toolbar>
      {rules.length === 0 ? (
        <Text>This portal has no page access rules: every page is readable by everyone who can reach it.</Text>
      ) : (
        <Table className={styles.table} aria-label="Page access rules">
          <TableHeader>
            <TableRow>
              <TableHeaderCell>Name</TableHeaderCell>
              <TableHeaderCell>Right</TableHeaderCell>
              <TableHeaderCell>Scope</TableHeaderCell>
              <TableHeaderCell>Web page</TableHeaderCell>
              <TableHeaderCell>Web roles</TableHeaderCell>
              <TableHeaderCell className={styles.actions} aria-label="Actions" />
            </TableRow>
          </TableHeader>
          <TableBody>
            {rules.map((r) => (
              <TableRow key={r.id} data-testid="page-rule-row" data-name={r.name}>
                <TableCell>
                  <span className={styles.name}>
                    <Text weight="semibold">{r.name}</Text>
                    {!r.active && (
                      <Badge appearance="outline" color="informative" size="small">
                        Inactive
                      </Badge>
                    )}
                  </span>
                </TableCell>
                <TableCell>
                  <Badge
                    className={styles.nowrap}
                    appearance="tint"
                    color={r.right.right === "restrict_read" ? "warning" : r.right.right === "grant_change" ? "success" : "danger"}
                    data-testid="page-rule-right"
                  >
                    {pageRightName(r.right)}
                  </Badge>
                </TableCell>
                <TableCell data-testid="page-rule-scope">{pageRuleScopeName(r.scope)}</TableCell>
                <TableCell data-testid="page-rule-page">
                  {r.page_id === null ? <Caption1 className={styles.muted}>No page</Caption1> : pagePath(model.pages, r.page_id)}
                </TableCell>
                <TableCell>
                  <RoleBadges roles={model.roles} ids={r.role_ids} />
                </TableCell>
                <TableCell className={styles.actions}>
                  <Button
                    appearance="subtle"
                    icon={<Edit20Regular />}
                    aria-label={`Edit ${r.name}`}
                    onClick={() => setOpen({ kind: "edit", rule: r })}
                    data-testid="page-rule-edit"
                  />
                  <Button
                    appearance="subtle"
                    icon={<Delete20Regular />}
                    aria-label={`Remove ${r.name}`}
                    onClick={() => setOpen({ kind: "remove", rule: r })}
                    data-testid="page-rule-remove"
                  />
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      {open?.kind === "edit" && (
        <PageRuleEditor
          key={open.rule.id}
          portal={portal}
          model={model}
          rule={open.rule}
          onSaved={(saved) => {
            setOpen(null);
            onMessage(`Saved page access rule ${saved.name}.`);
          }}
          onClose={() => setOpen(null)}
        />
      )}
      {open?.kind === "remove" && (
        <ConfirmDialog
          title={`Remove ${open.rule.name}?`}
          confirmLabel="Remove"
          testId="page-rule-remove-confirm"
          onConfirm={async () => {
            const removed = await remove.mutateAsync({ portal, id: open.rule.id });
            onMessage(`Removed page access rule ${removed.name}.`);
          }}
          onClose={() => setOpen(null)}
        >
          {open.rule.right.right === "restrict_read"
            ? "Without this rule its pages are no longer restricted to its roles; check another rule still protects them."
            : "Its roles can no longer change the pages it covers (unless another rule grants it)."}
        </ConfirmDialog>
      )}
    </section>
  );
}
