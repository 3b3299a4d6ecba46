// Adds or edits a website access record: its name, the four front-side editing rights, active and
// its web roles, saved through the core with its field errors next to the fields.
import {
  Button,
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
  Switch,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { useState, type FormEvent } from "react";
import { useSaveWebsiteAccess, type AccessModel, type WebsiteAccess } from "../../api";
import { formErrors } from "../../components/formErrors";
import { NIL_ID, WEBSITE_RIGHTS } from "./labels";
import { RolePicker } from "./RolePicker";

const useStyles = makeStyles({
  surface: { maxWidth: "640px" },
  form: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM },
});

const FIELDS = ["name", "role_ids", "active", ...WEBSITE_RIGHTS.map((r) => r.key)];

export const NEW_WEBSITE_ACCESS: WebsiteAccess = {
  id: NIL_ID,
  name: "",
  manage_content_snippets: false,
  manage_site_markers: false,
  manage_web_link_sets: false,
  preview_unpublished_entities: false,
  active: true,
  role_ids: [],
};

interface Props {
  portal: string;
  model: AccessModel;
  /** The record to edit; `NEW_WEBSITE_ACCESS` (nil id) adds one. */
  access: WebsiteAccess;
  onSaved: (access: WebsiteAccess) => void;
  onClose: () => void;
}

export function WebsiteAccessEditor({ portal, model, access, onSaved, onClose }: Props) {
  const styles = useStyles();
  const isNew = access.id === NIL_ID;
  const [draft, setDraft] = useState<WebsiteAccess>(access);
  const save = useSaveWebsiteAccess();
  const errors = formErrors(save.error, FIELDS);
  const set = <K extends keyof WebsiteAccess>(key: K, value: WebsiteAccess[K]) => setDraft((d) => ({ ...d, [key]: value }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate({ portal, access: draft }, { onSuccess: (saved) => onSaved(saved) });
  };

  return (
    <Dialog open onOpenChange={(_, data) => !data.open && onClose()}>
      <DialogSurface className={styles.surface} aria-describedby={undefined} data-testid="website-access-editor">
        <form onSubmit={submit} noValidate>
          <DialogBody>
            <DialogTitle>{isNew ? "New website access permission" : `Website access ${access.name}`}</DialogTitle>
            <DialogContent className={styles.form}>
              {errors.general && (
                <MessageBar intent="error" data-testid="website-access-error">
                  <MessageBarBody>{errors.general}</MessageBarBody>
                </MessageBar>
              )}
              <Field label="Name" required validationMessage={errors.field("name")}>
                <Input value={draft.name} onChange={(_, d) => set("name", d.value)} autoFocus={isNew} data-testid="website-access-name" />
              </Field>
              {WEBSITE_RIGHTS.map((r) => (
                <Field key={r.key} hint={r.explain} validationMessage={errors.field(r.key)}>
                  <Switch
                    label={r.name}
                    checked={draft[r.key]}
                    onChange={(_, d) => set(r.key, d.checked)}
                    data-testid={`website-access-${r.key}`}
                  />
                </Field>
              ))}
              <Field label="Web roles" hint="Members of these roles get the rights above." validationMessage={errors.field("role_ids")}>
                <RolePicker
                  roles={model.roles}
                  selected={draft.role_ids}
                  onChange={(ids) => set("role_ids", ids)}
                  testId="website-access-roles"
                  aria-label="Web roles"
                />
              </Field>
              <Field validationMessage={errors.field("active")}>
                <Switch label="Active" checked={draft.active} onChange={(_, d) => set("active", d.checked)} data-testid="website-access-active" />
              </Field>
            </DialogContent>
            <DialogActions>
              <Button onClick={onClose}>Cancel</Button>
              <Button appearance="primary" type="submit" disabled={save.isPending} data-testid="website-access-save">
                Save
              </Button>
            </DialogActions>
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
  );
}
