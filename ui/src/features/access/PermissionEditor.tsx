// Adds or edits a table permission. The form offers only what the chosen scope needs (contact or
// account relationship, parent permission and relationship, or nothing), explains the scope, and
// shows the core's field errors next to their fields.
import {
  Button,
  Checkbox,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  Select,
  Switch,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { useState, type FormEvent } from "react";
import { useSavePermission, type AccessModel, type TablePermission } from "../../api";
import { formErrors } from "../../components/formErrors";
import { NIL_ID, NO_PRIVILEGES, PRIVILEGES, SCOPES, scopeExplanation, scopeFromKey, scopeKey, scopeName } from "./labels";
import { descendants } from "./permissionTree";
import { RolePicker } from "./RolePicker";

const useStyles = makeStyles({
  surface: { maxWidth: "720px" },
  form: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM },
  privileges: { display: "grid", gridTemplateColumns: "repeat(3, minmax(0, 1fr))" },
  mono: { fontFamily: tokens.fontFamilyMonospace },
});

export const NEW_PERMISSION: TablePermission = {
  id: NIL_ID,
  name: "",
  table: "",
  scope: { scope: "global" },
  privileges: { ...NO_PRIVILEGES, read: true },
  contact_relationship: null,
  account_relationship: null,
  parent_id: null,
  parent_relationship: null,
  active: true,
  role_ids: [],
};

type Relationship = "contact_relationship" | "account_relationship" | "parent_relationship";

interface Props {
  portal: string;
  model: AccessModel;
  /** The permission to edit; `NEW_PERMISSION` (nil id) adds one. */
  permission: TablePermission;
  onSaved: (permission: TablePermission) => void;
  onClose: () => void;
}

export function PermissionEditor({ portal, model, permission, onSaved, onClose }: Props) {
  const styles = useStyles();
  const isNew = permission.id === NIL_ID;
  const [draft, setDraft] = useState<TablePermission>(permission);
  const save = useSavePermission();
  const set = <K extends keyof TablePermission>(key: K, value: TablePermission[K]) => setDraft((d) => ({ ...d, [key]: value }));
  const scope = draft.scope.scope;

  // Only the fields on screen take their errors; the rest (a parent on a Global permission…) go on top.
  const shown = ["name", "table", "scope", "privileges", "role_ids", "active"];
  if (scope === "contact") shown.push("contact_relationship");
  if (scope === "account") shown.push("account_relationship");
  if (scope === "parent") shown.push("parent_id", "parent_relationship");
  const errors = formErrors(save.error, shown);

  // A permission cannot sit under itself or one of its own children.
  const excluded = new Set([permission.id, ...descendants(model.table_permissions, permission.id).map((p) => p.id)]);
  const parents = model.table_permissions.filter((p) => !excluded.has(p.id)).sort((a, b) => a.name.localeCompare(b.name));
  const scopeOptions: { key: string; name: string }[] = SCOPES.map((s) => ({ key: s.scope, name: s.name }));
  if (permission.scope.scope === "unknown") scopeOptions.push({ key: scopeKey(permission.scope), name: scopeName(permission.scope) });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    // Relationships the scope does not use keep what was stored; only Parent scope may have a parent.
    const keep = (field: Relationship, usedBy: string) => (scope === usedBy ? draft[field] : permission[field]);
    const sent: TablePermission = {
      ...draft,
      contact_relationship: keep("contact_relationship", "contact"),
      account_relationship: keep("account_relationship", "account"),
      parent_relationship: keep("parent_relationship", "parent"),
      parent_id: scope === "parent" ? draft.parent_id : null,
    };
    save.mutate({ portal, permission: sent }, { onSuccess: (saved) => onSaved(saved) });
  };

  const relationship = (field: Relationship, label: string, hint: string, testId: string) => (
    <Field label={label} required hint={hint} validationMessage={errors.field(field)}>
      <Input className={styles.mono} value={draft[field] ?? ""} onChange={(_, d) => set(field, d.value)} data-testid={testId} />
    </Field>
  );

  return (
    <Dialog open onOpenChange={(_, data) => !data.open && onClose()}>
      <DialogSurface className={styles.surface} aria-describedby={undefined} data-testid="permission-editor">
        <form onSubmit={submit} noValidate>
          <DialogBody>
            <DialogTitle>{isNew ? "New table permission" : `Table permission ${permission.name}`}</DialogTitle>
            <DialogContent className={styles.form}>
              {errors.general && (
                <MessageBar intent="error" data-testid="permission-error">
                  <MessageBarBody>{errors.general}</MessageBarBody>
                </MessageBar>
              )}
              <Field label="Name" required validationMessage={errors.field("name")}>
                <Input value={draft.name} onChange={(_, d) => set("name", d.value)} autoFocus={isNew} data-testid="permission-name" />
              </Field>
              <Field label="Table" required hint="The table's logical name, such as contact or incident." validationMessage={errors.field("table")}>
                <Input className={styles.mono} value={draft.table} onChange={(_, d) => set("table", d.value)} data-testid="permission-table" />
              </Field>
              <Field label="Access type (scope)" hint={<span data-testid="permission-scope-explanation">{scopeExplanation(draft.scope)}</span>}
                validationMessage={errors.field("scope")}>
                <Select
                  value={scopeKey(draft.scope)}
                  onChange={(_, d) => set("scope", scopeFromKey(d.value))}
                  data-testid="permission-scope"
                >
                  {scopeOptions.map((o) => (
                    <option key={o.key} value={o.key}>
                      {o.name}
                    </option>
                  ))}
                </Select>
              </Field>
              {scope === "contact" &&
                relationship(
                  "contact_relationship",
                  "Contact relationship",
                  "Schema name of the relationship from contact to this table.",
                  "permission-contact-relationship",
                )}
              {scope === "account" &&
                relationship(
                  "account_relationship",
                  "Account relationship",
                  "Schema name of the relationship from account to this table.",
                  "permission-account-relationship",
                )}
              {scope === "parent" && (
                <>
                  <Field label="Parent permission" required validationMessage={errors.field("parent_id")}>
                    <Select value={draft.parent_id ?? ""} onChange={(_, d) => set("parent_id", d.value || null)} data-testid="permission-parent">
                      <option value="">Choose the parent permission</option>
                      {parents.map((p) => (
                        <option key={p.id} value={p.id}>
                          {p.name} ({p.table}, {scopeName(p.scope)})
                        </option>
                      ))}
                    </Select>
                  </Field>
                  {relationship(
                    "parent_relationship",
                    "Parent relationship",
                    "Schema name of the relationship from the parent permission's table to this table.",
                    "permission-parent-relationship",
                  )}
                </>
              )}
              {scope === "self" && (
                <MessageBar intent={draft.table.trim() === "contact" ? "info" : "warning"} data-testid="permission-self-note">
                  <MessageBarBody>Self scope only applies to the contact table: the signed-in contact's own record.</MessageBarBody>
                </MessageBar>
              )}
              <Field label="Privileges" validationMessage={errors.field("privileges")}>
                <div className={styles.privileges}>
                  {PRIVILEGES.map((p) => (
                    <Checkbox
                      key={p.key}
                      label={`${p.name} (${p.letter})`}
                      checked={draft.privileges[p.key]}
                      onChange={(_, d) => set("privileges", { ...draft.privileges, [p.key]: d.checked === true })}
                      data-testid={`permission-privilege-${p.key}`}
                    />
                  ))}
                </div>
              </Field>
              <Field label="Web roles" hint="The permission grants nothing until a role has it." validationMessage={errors.field("role_ids")}>
                <RolePicker
                  roles={model.roles}
                  selected={draft.role_ids}
                  onChange={(ids) => set("role_ids", ids)}
                  testId="permission-roles"
                  aria-label="Web roles"
                />
              </Field>
              <Field validationMessage={errors.field("active")}>
                <Switch label="Active" checked={draft.active} onChange={(_, d) => set("active", d.checked)} data-testid="permission-active" />
              </Field>
            </DialogContent>
            <DialogActions>
              <Button onClick={onClose}>Cancel</Button>
              <Button appearance="primary" type="submit" disabled={save.isPending} data-testid="permission-save">
                Save
              </Button>
            </DialogActions>
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
  );
}
