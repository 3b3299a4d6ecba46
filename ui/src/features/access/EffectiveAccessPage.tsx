// Effective access: pick whose access to see — an anonymous visitor, one web role, a real contact
// (its roles loaded from its details) or hand-picked roles as a contact would have them — and see
// what the core computes: the roles that count, table privileges with the permissions behind them,
// page read/change, and website access.
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
import { useAccessOverview, useContactDetails, useEffectiveAccess, type Contact, type Principal, type WebRole } from "../../api";
import { useSelectedPortal } from "../../components/SelectedPortal";
import { ContactPicker, NO_CONTACT, type PickedContact } from "../contacts/ContactPicker";
import { contactName } from "../contacts/labels";
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

/** Whose access: both contact kinds become a `contact` principal; they differ in where the roles come from. */
type Kind = "anonymous" | "role" | "contact" | "roles";
const KINDS: readonly Kind[] = ["anonymous", "role", "contact", "roles"];

// With hand-picked roles the name only labels the result; the core works from the roles (as the CLI does).
const ROLES_LABEL = "(roles given)";

function principalOf(kind: Kind, roleId: string, roleIds: string[], contact: Contact | undefined): Principal | null {
  if (kind === "anonymous") return { kind };
  if (kind === "role") return roleId === "" ? null : { kind, role_id: roleId };
  if (kind === "contact") return contact ? { kind, contact: contactName(contact), role_ids: contact.role_ids } : null;
  return { kind: "contact", contact: ROLES_LABEL, role_ids: roleIds };
}

function PrincipalPicker(props: {
  portal: string;
  roles: readonly WebRole[];
  kind: Kind;
  contact: PickedContact;
  onContact: (contact: PickedContact) => void;
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
          <option value="contact">A contact</option>
          <option value="roles">Roles as a contact has them</option>
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
        <Field label="Contact" className={styles.field} hint="Find a contact by the start of its name, e-mail or user name; its web roles count.">
          <ContactPicker portal={props.portal} value={props.contact} onChange={props.onContact} testId="effective-contact-picker" aria-label="Contact" />
        </Field>
      )}
      {kind === "roles" && (
        <Field
          label="The contact's web roles"
          className={styles.field}
          hint="A contact with exactly these roles. The authenticated users role counts for every signed-in contact."
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
  const [picked, setPicked] = useState<PickedContact>(NO_CONTACT);
  const details = useContactDetails(portal?.id, kind === "contact" ? picked.id : null);
  const contact = details.data?.contact;
  const principal = useMemo(() => principalOf(kind, roleId, roleIds, contact), [kind, roleId, roleIds, contact]);
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
      <PrincipalPicker
        portal={portal.id}
        roles={roles}
        kind={kind}
        contact={picked}
        onContact={setPicked}
        roleId={roleId}
        roleIds={roleIds}
        onKind={setKind}
        onRole={setRoleId}
        onRoles={setRoleIds}
      />
      {overview.isError && (
        <MessageBar intent="error">
          <MessageBarBody>{overview.error.message}</MessageBarBody>
        </MessageBar>
      )}
      {kind === "role" && principal === null && <Text>Choose a web role.</Text>}
      {kind === "contact" && picked.id === null && <Text>Choose a contact from the suggestions.</Text>}
      {kind === "contact" && details.isPending && picked.id !== null && <Spinner label="Loading the contact…" />}
      {kind === "contact" && details.isError && (
        <MessageBar intent="error" data-testid="effective-contact-error">
          <MessageBarBody>{details.error.message}</MessageBarBody>
        </MessageBar>
      )}
      {principal !== null && effective.isPending && <Spinner label="Working out access…" />}
      {effective.isError && (
        <MessageBar intent="error" data-testid="effective-error">
          <MessageBarBody>{effective.error.message}</MessageBarBody>
        </MessageBar>
      )}
      {data && principal !== null && (
        <>
          {kind === "contact" && contact && !contact.active && (
            <Caption1 className={styles.muted} data-testid="effective-contact-inactive">
              {contactName(contact)} is inactive and cannot sign in; this is the access it would have if it could.
            </Caption1>
          )}
          <div className={styles.roles} data-testid="effective-roles">
            <Text weight="semibold">{kind === "contact" && contact ? `Roles that count for ${contactName(contact)}:` : "Roles that count:"}</Text>
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
