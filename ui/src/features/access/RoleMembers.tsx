// A web role's members: how many contacts have it and the first of them by name with their
// e-mail, read from the contacts store, and the way to the Contacts page filtered by the role.
import { Button, Caption1, MessageBar, MessageBarBody, Spinner, Subtitle2, Text, makeStyles, tokens } from "@fluentui/react-components";
import { ContactCard20Regular } from "@fluentui/react-icons";
import { useMemo } from "react";
import { NO_CONTACT_FILTER, useContactCount, useFirstContacts, type WebRole } from "../../api";
import { useNavigation } from "../../components/Navigation";
import { countOf, formatCount } from "../../components/numbers";

/** Members listed in the editor; the Contacts page shows the rest. */
export const MEMBERS_SHOWN = 20;

const useStyles = makeStyles({
  section: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalXS, alignItems: "flex-start" },
  list: { margin: 0, paddingInlineStart: 0, listStyleType: "none", display: "flex", flexDirection: "column", gap: tokens.spacingVerticalXXS },
  item: { display: "flex", gap: tokens.spacingHorizontalS, alignItems: "baseline", flexWrap: "wrap" },
  muted: { color: tokens.colorNeutralForeground3 },
});

export function RoleMembers({ portal, role }: { portal: string; role: WebRole }) {
  const styles = useStyles();
  const { go } = useNavigation();
  const filter = useMemo(() => ({ ...NO_CONTACT_FILTER, role_id: role.id }), [role.id]);
  const count = useContactCount(portal, filter);
  const first = useFirstContacts(portal, filter, MEMBERS_SHOWN);
  const total = count.isPlaceholderData ? undefined : count.data;
  const rows = first.data ?? [];
  const error = count.error ?? first.error;

  return (
    <section className={styles.section} data-testid="role-members">
      <Subtitle2 as="h3">Members</Subtitle2>
      {(role.anonymous_users_role || role.authenticated_users_role) && (
        <Caption1 className={styles.muted}>
          {role.anonymous_users_role
            ? "Every visitor who is not signed in has this role, whoever is assigned it below."
            : "Every signed-in contact has this role, whoever is assigned it below."}
        </Caption1>
      )}
      {error && (
        <MessageBar intent="error">
          <MessageBarBody>{error.message}</MessageBarBody>
        </MessageBar>
      )}
      {total === undefined && !error && <Spinner size="tiny" label="Counting members…" />}
      {total !== undefined && (
        <Text data-testid="role-members-count" data-count={total}>
          {total === 0 ? "No contact has this role." : `${countOf(total, "contact")} ${total === 1 ? "has" : "have"} this role.`}
        </Text>
      )}
      {rows.length > 0 && (
        <ul className={styles.list} aria-label="Members">
          {rows.map((c) => (
            <li key={c.id} className={styles.item} data-testid="role-member" data-contact-id={c.id}>
              <Text weight="semibold">{c.name || "(no name)"}</Text>
              <Caption1 className={styles.muted}>{c.email ?? "no e-mail"}</Caption1>
            </li>
          ))}
        </ul>
      )}
      {total !== undefined && total > rows.length && rows.length > 0 && (
        <Caption1 className={styles.muted} data-testid="role-members-more">
          The first {formatCount(rows.length)} by name; the Contacts page lists all {formatCount(total)}.
        </Caption1>
      )}
      <Button
        size="small"
        icon={<ContactCard20Regular />}
        onClick={() => go("contacts", undefined, { roleId: role.id })}
        data-testid="role-members-open"
      >
        Open in Contacts
      </Button>
    </section>
  );
}
