// Adds or edits a web role: name, description, the anonymous/authenticated users role switches
// and active, saved through the core (its field errors show next to the fields), with what the
// role is linked to and its members below, and the way to remove it.
import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Divider,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  Switch,
  Textarea,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { Delete20Regular } from "@fluentui/react-icons";
import { useState, type FormEvent } from "react";
import { useSaveRole, type AccessModel, type WebRole } from "../../api";
import { formErrors } from "../../components/formErrors";
import { NIL_ID } from "./labels";
import { RoleLinks } from "./RoleLinks";
import { RoleMembers } from "./RoleMembers";

const useStyles = makeStyles({
  surface: { maxWidth: "760px" },
  form: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM },
});

const FIELDS = ["name", "description", "anonymous_users_role", "authenticated_users_role", "active"] as const;

export const NEW_ROLE: WebRole = {
  id: NIL_ID,
  name: "",
  description: null,
  anonymous_users_role: false,
  authenticated_users_role: false,
  active: true,
};

interface Props {
  portal: string;
  model: AccessModel;
  /** The role to edit; `NEW_ROLE` (nil id) adds one. */
  role: WebRole;
  onSaved: (role: WebRole) => void;
  onRemove: (role: WebRole) => void;
  onClose: () => void;
}

export function RoleEditor({ portal, model, role, onSaved, onRemove, onClose }: Props) {
  const styles = useStyles();
  const isNew = role.id === NIL_ID;
  const [draft, setDraft] = useState<WebRole>(role);
  const save = useSaveRole();
  const errors = formErrors(save.error, FIELDS);
  const set = <K extends keyof WebRole>(key: K, value: WebRole[K]) => setDraft((d) => ({ ...d, [key]: value }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const description = draft.description?.trim() ? draft.description : null;
    save.mutate({ portal, role: { ...draft, description } }, { onSuccess: (saved) => onSaved(saved) });
  };

  return (
    <Dialog open onOpenChange={(_, data) => !data.open && onClose()}>
      <DialogSurface className={styles.surface} aria-describedby={undefined} data-testid="role-editor">
        <form onSubmit={submit} noValidate>
          <DialogBody>
            <DialogTitle>{isNew ? "New web role" : `Web role ${role.name}`}</DialogTitle>
            <DialogContent className={styles.form}>
              {errors.general && (
                <MessageBar intent="error" data-testid="role-error">
                  <MessageBarBody>{errors.general}</MessageBarBody>
                </MessageBar>
              )}
              <Field label="Name" required validationMessage={errors.field("name")}>
                <Input value={draft.name} onChange={(_, d) => set("name", d.value)} autoFocus={isNew} data-testid="role-name" />
              </Field>
              <Field label="Description" validationMessage={errors.field("description")}>
                <Textarea
                  value={draft.description ?? ""}
                  resize="vertical"
                  onChange={(_, d) => set("description", d.value)}
                  data-testid="role-description"
                />
              </Field>
              <Field
                hint="Every visitor who is not signed in has this role. A portal has at most one active anonymous users role."
                validationMessage={errors.field("anonymous_users_role")}
              >
                <Switch
                  label="Anonymous users role"
                  checked={draft.anonymous_users_role}
                  onChange={(_, d) => set("anonymous_users_role", d.checked)}
                  data-testid="role-anonymous"
                />
              </Field>
              <Field
                hint="Every signed-in contact has this role. A portal has at most one active authenticated users role."
                validationMessage={errors.field("authenticated_users_role")}
              >
                <Switch
                  label="Authenticated users role"
                  checked={draft.authenticated_users_role}
                  onChange={(_, d) => set("authenticated_users_role", d.checked)}
                  data-testid="role-authenticated"
                />
              </Field>
              <Field hint="An inactive role grants nothing." validationMessage={errors.field("active")}>
                <Switch label="Active" checked={draft.active} onChange={(_, d) => set("active", d.checked)} data-testid="role-active" />
              </Field>
              {!isNew && (
                <>
                  <Divider />
                  <RoleLinks model={model} role={role} />
                  <RoleMembers portal={portal} role={role} />
                </>
              )}
            </DialogContent>
            {!isNew && (
              <DialogActions position="start">
                <Button icon={<Delete20Regular />} onClick={() => onRemove(role)} data-testid="role-remove">
                  Remove
                </Button>
              </DialogActions>
            )}
            <DialogActions position="end">
              <Button onClick={onClose}>Cancel</Button>
              <Button appearance="primary" type="submit" disabled={save.isPending} data-testid="role-save">
                Save
              </Button>
            </DialogActions>
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
  );
}
