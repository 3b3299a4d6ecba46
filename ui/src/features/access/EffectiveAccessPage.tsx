// Effective access: pick whose access to see — an anonymous visitor, one web role, or a
// signed-in contact with chosen roles — and see what the core computes: the roles that count,
// table privileges with the permissions behind them, page read/change, and website access.
import {
  Badge,
  Caption1,
  Field,
  MessageBar,
  MessageBarBody,
  Select,
  Spinner,
  Subtitle1,
  Text,
  Title2,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { useMemo, useState } from "react";
import { useAccessOverview, useEffectiveAccess, type Principal, type WebRole } from "../../api";
import { useSelectedPortal } from "../../components/SelectedPortal";
import { PageMatrix, WebsiteAccessUnion } from "./PageMatrix";
import { RolePicker } from "./RolePicker";
import { TableMatrix } from "./TableMatrix";

const useStyles = makeStyles({
  page: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM },
  picker: { display: "flex", gap: tokens.spacingHorizontalL, flexWrap: "wrap", alignItems: "start" },
  field: { minWidth: "260px" },
  roles: { display: "flex", gap: tokens.spacingHorizontalS, flexWrap: "wrap", alignItems: "center" },
  section: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS },
  muted: { color: tokens.colorNeutralForeground3 },
});

type Kind = Principal["kind"];
const KINDS: readonly Kind[] = ["anonymous", "role", "contact"];

// The contact's name only labels the result; the core works from the roles (as the CLI does).
const CONTACT_LABEL = "(roles given)";

function principalOf(kind: Kind, roleId: string, roleIds: string[]): Principal | null {
  if (kind === "anonymous") return { kind };
  if (kind === "role") return roleId === "" ? null : { kind, role_id: roleId };
  return { kind, contact: CONTACT_LABEL, role_ids: roleIds };
}

function PrincipalPicker(props: {
  roles: readonly WebRole[];
  kind: Kind;
  roleId: string;
  roleIds: string[];
  onKind: (kind: Kind) => void;
  onRole: (id: string) => void;
  onRoles: (ids: string[]) => void;
}) {
  const styles = useStyles();
  const { roles, kind } = props;
  return (
    <div className={styles.picker}>
      <Field label="Whose access" className={styles.field}>
        <Select value={kind} onChange={(_, d) => props.onKind(KINDS.find((k) => k === d.value) ?? "anonymous")} data-testid="principal-kind">
          <option value="anonymous">Anonymous visitor</option>
          <option value="role">One web role</option>
          <option value="contact">Signed-in contact with roles…</option>
        </Select>
      </Field>
      {kind === "role" && (
        <Field label="Web role" className={styles.field} hint="Only this role's own grants.">
          <Select value={props.roleId} onChange={(_, d) => props.onRole(d.value)} data-testid="principal-role">
            <option value="">Choose a role</option>
            {roles.map((r) => (
              <option key={r.id} value={r.id}>
                {r.active ? r.name : `${r.name} (inactive)`}
              </option>
            ))}
          </Select>
        </Field>
      )}
      {kind === "contact" && (
        <Field
          label="The contact's web roles"
          className={styles.field}
          hint="The authenticated users role counts for every signed-in contact. Contacts themselves arrive with the Contacts page."
        >
          <RolePicker
            roles={roles}
            selected={props.roleIds}
            onChange={props.onRoles}
            placeholder="No roles besides the authenticated users role"
            testId="principal-roles"
            aria-label="The contact's web roles"
          />
        </Field>
      )}
    </div>
  );
}

export function EffectiveAccessPage() {
  const styles = useStyles();
  const { portal } = useSelectedPortal();
  const overview = useAccessOverview(portal?.id);
  const [kind, setKind] = useState<Kind>("anonymous");
  const [roleId, setRoleId] = useState("");
  const [roleIds, setRoleIds] = useState<string[]>([]);
  const principal = useMemo(() => principalOf(kind, roleId, roleIds), [kind, roleId, roleIds]);
  const effective = useEffectiveAccess(portal?.id, principal);

  const model = overview.data?.model;
  const known = useMemo(() => [...new Set((model?.table_permissions ?? []).map((p) => p.table))], [model]);

  if (!portal) return <Text>Add a portal first.</Text>;
  const roles = [...(model?.roles ?? [])].sort((a, b) => a.name.localeCompare(b.name));
  const data = effective.data;

  return (
    <div className={styles.page} data-testid="effective-access-page">
      <Title2 as="h1">Effective access</Title2>
      <Text>
        What a visitor of {portal.name} may do: the union of the permissions of every role that counts. There is no deny; a
        privilege no permission grants is not allowed.
      </Text>
      <PrincipalPicker roles={roles} kind={kind} roleId={roleId} roleIds={roleIds} onKind={setKind} onRole={setRoleId} onRoles={setRoleIds} />
      {overview.isError && (
        <MessageBar intent="error">
          <MessageBarBody>{overview.error.message}</MessageBarBody>
        </MessageBar>
      )}
      {principal === null && <Text>Choose a web role.</Text>}
      {principal !== null && effective.isPending && <Spinner label="Working out access…" />}
      {effective.isError && (
        <MessageBar intent="error" data-testid="effective-error">
          <MessageBarBody>{effective.error.message}</MessageBarBody>
        </MessageBar>
      )}
      {data && principal !== null && (
        <>
          <div className={styles.roles} data-testid="effective-roles">
            <Text weight="semibold">Roles that count:</Text>
            {data.roles.length > 0 ? (
              data.roles.map((name) => (
                <Badge key={name} appearance="tint" color="brand">
                  {name}
                </Badge>
              ))
            ) : (
              <Caption1 className={styles.muted}>
                {kind === "anonymous" ? "None: the portal has no active anonymous users role." : "None: no active role applies."}
              </Caption1>
            )}
          </div>
          <section className={styles.section}>
            <Subtitle1 as="h2">Tables</Subtitle1>
            <Caption1 className={styles.muted}>Select a cell to see which permissions grant it.</Caption1>
            <TableMatrix tables={data.tables} known={known} />
          </section>
          <section className={styles.section}>
            <Subtitle1 as="h2">Pages</Subtitle1>
            <PageMatrix pages={data.pages} />
          </section>
          <section className={styles.section}>
            <Subtitle1 as="h2">Website access</Subtitle1>
            <WebsiteAccessUnion grant={data.website_access} />
          </section>
        </>
      )}
    </div>
  );
}
