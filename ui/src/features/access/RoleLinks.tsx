// What a web role is linked to, read-only: its website access, page rules and table permissions
// (with scope and privileges). Edits happen on their own pages; members are `RoleMembers`.
import { Badge, Caption1, Subtitle2, Text, makeStyles, tokens } from "@fluentui/react-components";
import type { ReactNode } from "react";
import type { AccessModel, WebRole } from "../../api";
import { PrivilegeLetters, ScopeBadge } from "./AccessBadges";
import { WEBSITE_RIGHTS, pagePath, pageRightName, pageRuleScopeName } from "./labels";

const useStyles = makeStyles({
  section: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalXS },
  list: { margin: 0, paddingInlineStart: 0, listStyleType: "none", display: "flex", flexDirection: "column", gap: tokens.spacingVerticalXS },
  item: { display: "flex", gap: tokens.spacingHorizontalS, alignItems: "center", flexWrap: "wrap" },
  muted: { color: tokens.colorNeutralForeground3 },
  mono: { fontFamily: tokens.fontFamilyMonospace },
});

function Section({ title, testId, empty, children }: { title: string; testId: string; empty: string; children: ReactNode[] }) {
  const styles = useStyles();
  return (
    <section className={styles.section} data-testid={testId}>
      <Subtitle2 as="h3">{title}</Subtitle2>
      {children.length === 0 ? <Caption1 className={styles.muted}>{empty}</Caption1> : <ul className={styles.list}>{children}</ul>}
    </section>
  );
}

export function RoleLinks({ model, role }: { model: AccessModel; role: WebRole }) {
  const styles = useStyles();
  const inactive = (active: boolean) =>
    active ? null : (
      <Badge appearance="outline" color="informative" size="small">
        Inactive
      </Badge>
    );
  const access = model.website_access.filter((a) => a.role_ids.includes(role.id));
  const rules = model.page_rules.filter((r) => r.role_ids.includes(role.id));
  const permissions = model.table_permissions.filter((p) => p.role_ids.includes(role.id));
  const pageName = (id: string | null) => (id === null ? "no page" : pagePath(model.pages, id));

  return (
    <>
      <Section title="Website access" testId="role-website-access" empty="No website access record uses this role.">
        {access.map((a) => {
          const rights = WEBSITE_RIGHTS.filter((r) => a[r.key]).map((r) => r.short);
          return (
            <li key={a.id} className={styles.item}>
              <Text weight="semibold">{a.name}</Text>
              <Caption1>{rights.length > 0 ? `Manage ${rights.join(", ")}` : "No rights"}</Caption1>
              {inactive(a.active)}
            </li>
          );
        })}
      </Section>
      <Section title="Page rules" testId="role-page-rules" empty="No page access rule uses this role.">
        {rules.map((r) => (
          <li key={r.id} className={styles.item}>
            <Text weight="semibold">{r.name}</Text>
            <Badge appearance="tint" color={r.right.right === "restrict_read" ? "warning" : "success"}>
              {pageRightName(r.right)}
            </Badge>
            <Caption1>
              on {pageName(r.page_id)} · {pageRuleScopeName(r.scope)}
            </Caption1>
            {inactive(r.active)}
          </li>
        ))}
      </Section>
      <Section title="Table permissions" testId="role-table-permissions" empty="No table permission uses this role.">
        {permissions.map((p) => (
          <li key={p.id} className={styles.item} data-testid="role-permission" data-name={p.name}>
            <Text weight="semibold">{p.name}</Text>
            <Caption1 className={styles.mono}>{p.table}</Caption1>
            <ScopeBadge scope={p.scope} />
            <PrivilegeLetters privileges={p.privileges} />
            {inactive(p.active)}
          </li>
        ))}
      </Section>
    </>
  );
}
