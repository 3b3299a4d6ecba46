// Table permissions: every permission of the portal as a tree of parent chains, with scope,
// table, privileges and roles, filters by table, role and scope, and add, edit and remove
// (removing a permission removes the permissions under it too).
import {
  Badge,
  Button,
  Caption1,
  Field,
  MessageBar,
  MessageBarBody,
  Select,
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
  mergeClasses,
  tokens,
} from "@fluentui/react-components";
import { Add24Regular, Delete20Regular, Edit20Regular } from "@fluentui/react-icons";
import { useMemo, useState } from "react";
import { useAccessOverview, useRemovePermission, type TablePermission } from "../../api";
import { ConfirmDialog } from "../../components/ConfirmDialog";
import { useSelectedPortal } from "../../components/SelectedPortal";
import { PostureWarnings, PrivilegeLetters, ScopeBadge } from "./AccessBadges";
import { roleNames, scopeKey, scopeName } from "./labels";
import { NEW_PERMISSION, PermissionEditor } from "./PermissionEditor";
import { descendants, permissionTree } from "./permissionTree";

const useStyles = makeStyles({
  page: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM },
  filters: { display: "flex", gap: tokens.spacingHorizontalL, flexWrap: "wrap", alignItems: "end" },
  table: { backgroundColor: tokens.colorNeutralBackground1 },
  name: { display: "flex", alignItems: "center", gap: tokens.spacingHorizontalS },
  branch: { color: tokens.colorNeutralForeground3, fontFamily: tokens.fontFamilyMonospace },
  context: { opacity: 0.6 },
  mono: { fontFamily: tokens.fontFamilyMonospace, overflowWrap: "anywhere" },
  muted: { color: tokens.colorNeutralForeground3 },
});

// The posture warnings about permissions (the roles page shows them all).
const PERMISSION_WARNINGS = ["anonymous_can_change", "anonymous_global_read", "permission_without_role", "inactive_permission_with_roles", "parent_cycle"];

const ALL = "";
const NO_ROLE = "(none)";

type Open = { kind: "edit"; permission: TablePermission } | { kind: "remove"; permission: TablePermission } | null;

export function PermissionsPage() {
  const styles = useStyles();
  const { portal } = useSelectedPortal();
  const overview = useAccessOverview(portal?.id);
  const remove = useRemovePermission();
  const [table, setTable] = useState(ALL);
  const [role, setRole] = useState(ALL);
  const [scope, setScope] = useState(ALL);
  const [open, setOpen] = useState<Open>(null);
  const [message, setMessage] = useState<string | null>(null);

  const model = overview.data?.model;
  const permissions = useMemo(() => model?.table_permissions ?? [], [model]);
  const tables = useMemo(() => [...new Set(permissions.map((p) => p.table))].sort(), [permissions]);
  const scopes = useMemo(() => {
    const seen = new Map(permissions.map((p) => [scopeKey(p.scope), scopeName(p.scope)]));
    return [...seen.entries()].sort((a, b) => a[1].localeCompare(b[1]));
  }, [permissions]);
  const rows = useMemo(
    () =>
      permissionTree(
        permissions,
        (p) =>
          (table === ALL || p.table === table) &&
          (scope === ALL || scopeKey(p.scope) === scope) &&
          (role === ALL || (role === NO_ROLE ? p.role_ids.length === 0 : p.role_ids.includes(role))),
      ),
    [permissions, table, scope, role],
  );

  if (!portal) return <Text>Add a portal first.</Text>;
  const roles = model?.roles ?? [];
  const nameOf = (id: string | null) => permissions.find((p) => p.id === id)?.name;
  const doomed = open?.kind === "remove" ? descendants(permissions, open.permission.id) : [];

  return (
    <div className={styles.page} data-testid="permissions-page">
      <Title2 as="h1">Table permissions</Title2>
      <Text>
        What the web roles of {portal.name} may do with Dataverse tables. Parent-scope permissions sit under the permission
        whose records lead to theirs; a role's privileges are the union of its permissions.
      </Text>
      {overview.data && <PostureWarnings warnings={overview.data.posture.filter((w) => PERMISSION_WARNINGS.includes(w.code))} />}
      <Toolbar aria-label="Table permission actions">
        <Button
          appearance="primary"
          icon={<Add24Regular />}
          disabled={!model}
          onClick={() => setOpen({ kind: "edit", permission: NEW_PERMISSION })}
          data-testid="permission-add"
        >
          New permission
        </Button>
      </Toolbar>
      <div className={styles.filters}>
        <Field label="Table">
          <Select value={table} onChange={(_, d) => setTable(d.value)} data-testid="filter-table">
            <option value={ALL}>All tables</option>
            {tables.map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="Web role">
          <Select value={role} onChange={(_, d) => setRole(d.value)} data-testid="filter-role">
            <option value={ALL}>All roles</option>
            {roles.map((r) => (
              <option key={r.id} value={r.id}>
                {r.name}
              </option>
            ))}
            <option value={NO_ROLE}>No role</option>
          </Select>
        </Field>
        <Field label="Scope">
          <Select value={scope} onChange={(_, d) => setScope(d.value)} data-testid="filter-scope">
            <option value={ALL}>All scopes</option>
            {scopes.map(([key, name]) => (
              <option key={key} value={key}>
                {name}
              </option>
            ))}
          </Select>
        </Field>
      </div>
      {message && (
        <MessageBar intent="success" data-testid="permissions-message">
          <MessageBarBody>{message}</MessageBarBody>
        </MessageBar>
      )}
      {overview.isPending && <Spinner label="Loading table permissions…" />}
      {overview.isError && (
        <MessageBar intent="error">
          <MessageBarBody>{overview.error.message}</MessageBarBody>
        </MessageBar>
      )}
      {model && rows.length === 0 && (
        <Text>{permissions.length === 0 ? "This portal has no table permissions yet." : "No permission matches the filters."}</Text>
      )}
      {model && rows.length > 0 && (
        <Table className={styles.table} aria-label="Table permissions" data-testid="permission-tree">
          <TableHeader>
            <TableRow>
              <TableHeaderCell>Name</TableHeaderCell>
              <TableHeaderCell>Table</TableHeaderCell>
              <TableHeaderCell>Scope</TableHeaderCell>
              <TableHeaderCell>Privileges</TableHeaderCell>
              <TableHeaderCell>Web roles</TableHeaderCell>
              <TableHeaderCell aria-label="Actions" />
            </TableRow>
          </TableHeader>
          <TableBody>
            {rows.map(({ permission: p, depth, context }) => (
              <TableRow
                key={p.id}
                className={mergeClasses(context && styles.context)}
                data-testid="permission-row"
                data-name={p.name}
                data-depth={depth}
                data-parent={nameOf(p.parent_id) ?? ""}
              >
                <TableCell>
                  <span className={styles.name} style={{ paddingInlineStart: `${depth * 24}px` }}>
                    {depth > 0 && (
                      <span className={styles.branch} aria-hidden>
                        └
                      </span>
                    )}
                    <Text weight={context ? "regular" : "semibold"}>{p.name}</Text>
                    {!p.active && (
                      <Badge appearance="outline" color="informative" size="small">
                        Inactive
                      </Badge>
                    )}
                  </span>
                </TableCell>
                <TableCell className={styles.mono}>{p.table}</TableCell>
                <TableCell>
                  <ScopeBadge scope={p.scope} />
                </TableCell>
                <TableCell>
                  <PrivilegeLetters privileges={p.privileges} />
                </TableCell>
                <TableCell>
                  {p.role_ids.length > 0 ? roleNames(roles, p.role_ids).join(", ") : <Caption1 className={styles.muted}>No role</Caption1>}
                </TableCell>
                <TableCell>
                  <Button
                    appearance="subtle"
                    icon={<Edit20Regular />}
                    aria-label={`Edit ${p.name}`}
                    onClick={() => setOpen({ kind: "edit", permission: p })}
                    data-testid="permission-edit"
                  />
                  <Button
                    appearance="subtle"
                    icon={<Delete20Regular />}
                    aria-label={`Remove ${p.name}`}
                    onClick={() => setOpen({ kind: "remove", permission: p })}
                    data-testid="permission-remove"
                  />
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      {open?.kind === "edit" && model && (
        <PermissionEditor
          key={open.permission.id}
          portal={portal.id}
          model={model}
          permission={open.permission}
          onSaved={(saved) => {
            setOpen(null);
            setMessage(`Saved table permission ${saved.name}.`);
          }}
          onClose={() => setOpen(null)}
        />
      )}
      {open?.kind === "remove" && (
        <ConfirmDialog
          title={`Remove ${open.permission.name}?`}
          confirmLabel={doomed.length > 0 ? `Remove ${doomed.length + 1} permissions` : "Remove"}
          testId="permission-remove-confirm"
          onConfirm={async () => {
            const removed = await remove.mutateAsync({ portal: portal.id, permission: open.permission.id });
            setMessage(`Removed ${removed.join(", ")}.`);
          }}
          onClose={() => setOpen(null)}
        >
          <span data-testid="permission-remove-text">
            Roles that have this permission lose what it grants on {open.permission.table}.{" "}
            {doomed.length > 0
              ? `The permissions under it (Parent scope) are removed with it: ${doomed.map((d) => d.name).join(", ")}.`
              : "Any permission under it (Parent scope) would be removed with it; it has none."}
          </span>
        </ConfirmDialog>
      )}
    </div>
  );
}
