// Web roles: the portal's access posture warnings, every role with its kind (anonymous /
// authenticated users role) and what uses it, and the editor that adds, changes and removes one.
import {
  Badge,
  Button,
  Caption1,
  MessageBar,
  MessageBarBody,
  Spinner,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  Title2,
  Toolbar,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { Add24Regular } from "@fluentui/react-icons";
import { useState } from "react";
import { removalMembers, useAccessOverview, type AccessModel, type RoleRemoval, type WebRole } from "../../api";
import { countOf } from "../../components/numbers";
import { useSelectedPortal } from "../../components/SelectedPortal";
import { PostureWarnings } from "./AccessBadges";
import { RemoveRoleDialog } from "./RemoveRoleDialog";
import { NEW_ROLE, RoleEditor } from "./RoleEditor";

const useStyles = makeStyles({
  page: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM, maxWidth: "1100px" },
  table: { backgroundColor: tokens.colorNeutralBackground1 },
  row: { cursor: "pointer" },
  name: { display: "flex", gap: tokens.spacingHorizontalS, alignItems: "center", flexWrap: "wrap" },
  muted: { color: tokens.colorNeutralForeground3 },
});

/** The role in the editor, and whether its removal dialog shows over it. */
type Open = { role: WebRole; removing: boolean } | null;

function usage(model: AccessModel, role: WebRole): string {
  const count = (n: number, one: string) => `${n} ${one}${n === 1 ? "" : "s"}`;
  return [
    count(model.table_permissions.filter((p) => p.role_ids.includes(role.id)).length, "table permission"),
    count(model.page_rules.filter((r) => r.role_ids.includes(role.id)).length, "page rule"),
    count(model.website_access.filter((a) => a.role_ids.includes(role.id)).length, "website access record"),
  ].join(" · ");
}

function removedText(removal: RoleRemoval): string {
  const unlinked = [...removal.table_permissions, ...removal.page_rules, ...removal.website_access];
  const members = removalMembers(removal);
  return [
    `Removed web role ${removal.role.name}.`,
    unlinked.length > 0 ? `Unlinked from ${unlinked.join(", ")}.` : null,
    members ? `${countOf(members, "contact")} no longer ${members === 1 ? "has" : "have"} it.` : null,
  ]
    .filter(Boolean)
    .join(" ");
}

export function RolesPage() {
  const styles = useStyles();
  const { portal } = useSelectedPortal();
  const overview = useAccessOverview(portal?.id);
  const [open, setOpen] = useState<Open>(null);
  const [message, setMessage] = useState<string | null>(null);

  if (!portal) return <Text>Add a portal first.</Text>;
  const model = overview.data?.model;
  const roles = [...(model?.roles ?? [])].sort((a, b) => a.name.localeCompare(b.name));

  return (
    <div className={styles.page} data-testid="roles-page">
      <Title2 as="h1">Web roles</Title2>
      <Text>
        Web roles of {portal.name}. A contact's access is the union of every role it has; visitors who are not signed in get the
        anonymous users role, signed-in contacts also the authenticated users role.
      </Text>
      {overview.data && <PostureWarnings warnings={overview.data.posture} />}
      <Toolbar aria-label="Web role actions">
        <Button appearance="primary" icon={<Add24Regular />} onClick={() => setOpen({ role: NEW_ROLE, removing: false })} data-testid="role-add">
          New role
        </Button>
      </Toolbar>
      {message && (
        <MessageBar intent="success" data-testid="roles-message">
          <MessageBarBody>{message}</MessageBarBody>
        </MessageBar>
      )}
      {overview.isPending && <Spinner label="Loading web roles…" />}
      {overview.isError && (
        <MessageBar intent="error">
          <MessageBarBody>{overview.error.message}</MessageBarBody>
        </MessageBar>
      )}
      {model && roles.length === 0 && <Text>This portal has no web roles yet.</Text>}
      {model && roles.length > 0 && (
        <Table className={styles.table} aria-label="Web roles">
          <TableHeader>
            <TableRow>
              <TableHeaderCell>Name</TableHeaderCell>
              <TableHeaderCell>Description</TableHeaderCell>
              <TableHeaderCell>Used by</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {roles.map((r) => (
              <TableRow
                key={r.id}
                className={styles.row}
                onClick={() => setOpen({ role: r, removing: false })}
                data-testid="role-row"
                data-name={r.name}
              >
                <TableCell>
                  <span className={styles.name}>
                    <Button appearance="transparent" onClick={() => setOpen({ role: r, removing: false })}>
                      {r.name}
                    </Button>
                    {r.anonymous_users_role && (
                      <Badge appearance="tint" color="warning" data-testid="role-badge-anonymous">
                        Anonymous users
                      </Badge>
                    )}
                    {r.authenticated_users_role && (
                      <Badge appearance="tint" color="brand" data-testid="role-badge-authenticated">
                        Authenticated users
                      </Badge>
                    )}
                    {!r.active && (
                      <Badge appearance="outline" color="informative" data-testid="role-badge-inactive">
                        Inactive
                      </Badge>
                    )}
                  </span>
                </TableCell>
                <TableCell>{r.description ?? <span className={styles.muted}>—</span>}</TableCell>
                <TableCell>
                  <Caption1>{usage(model, r)}</Caption1>
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      {open && model && (
        <RoleEditor
          key={open.role.id}
          portal={portal.id}
          model={model}
          role={open.role}
          onSaved={(saved) => {
            setOpen(null);
            setMessage(`Saved web role ${saved.name}.`);
          }}
          onRemove={(role) => setOpen({ role, removing: true })}
          onClose={() => setOpen(null)}
        />
      )}
      {open?.removing && (
        <RemoveRoleDialog
          portal={portal.id}
          role={open.role}
          onRemoved={(removal) => {
            setOpen(null);
            setMessage(removedText(removal));
          }}
          onClose={() => setOpen({ role: open.role, removing: false })}
        />
      )}
    </div>
  );
}
