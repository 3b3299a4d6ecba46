// Add or edit a portal. The core validates; its per-field messages show next to the fields.
import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Dropdown,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  Option,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { useState, type FormEvent } from "react";
import { ApiError, useCreatePortal, useUpdatePortal } from "../../api";
import type { Portal, PortalState } from "../../api";

const useStyles = makeStyles({
  form: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM },
});

const STATES: { value: PortalState; label: string }[] = [
  { value: "running", label: "Running" },
  { value: "restarting", label: "Restarting" },
  { value: "stopped", label: "Stopped" },
];

interface Values {
  id: string;
  name: string;
  url: string;
  environment_url: string;
  app_id: string;
  owner: string;
  state: PortalState;
  key_lifetime_days: string;
}

function initialValues(portal?: Portal): Values {
  return {
    id: portal?.id ?? "",
    name: portal?.name ?? "",
    url: portal?.url ?? "",
    environment_url: portal?.environment_url ?? "",
    app_id: portal?.app_id ?? "",
    owner: portal?.owner ?? "",
    state: portal?.state ?? "running",
    key_lifetime_days: String(portal?.key_lifetime_days ?? 730),
  };
}

export function PortalFormDialog({ portal, onClose }: { portal?: Portal; onClose: (saved?: Portal) => void }) {
  const styles = useStyles();
  const editing = portal !== undefined;
  const [values, setValues] = useState<Values>(() => initialValues(portal));
  const create = useCreatePortal();
  const update = useUpdatePortal();
  const mutation = editing ? update : create;
  const error = mutation.error instanceof ApiError ? mutation.error : undefined;
  const fieldError = (field: string) => error?.fieldMessage(field);
  const generalError = mutation.error && (!error || error.fields.length === 0) ? mutation.error.message : undefined;

  // The core checks the range; a non-number is sent as 0 so its message shows.
  const lifetime = values.key_lifetime_days.trim() === "" ? null : Number.parseInt(values.key_lifetime_days, 10) || 0;
  const set = (field: keyof Values) => (_: unknown, data: { value: string }) =>
    setValues((v) => ({ ...v, [field]: data.value }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    try {
      const saved = editing
        ? await update.mutateAsync({
            id: portal.id,
            patch: {
              name: values.name,
              url: values.url,
              environment_url: values.environment_url,
              app_id: values.app_id,
              owner: values.owner,
              state: values.state,
              key_lifetime_days: lifetime,
            },
          })
        : await create.mutateAsync({
            id: values.id.trim() === "" ? null : values.id,
            name: values.name,
            url: values.url,
            environment_url: values.environment_url,
            app_id: values.app_id,
            owner: values.owner.trim() === "" ? null : values.owner,
            state: values.state,
            key_lifetime_days: lifetime,
          });
      onClose(saved);
    } catch {
      // The mutation's error is shown next to the fields.
    }
  };

  return (
    <Dialog open onOpenChange={(_, data) => !data.open && onClose()}>
      <DialogSurface aria-describedby={undefined}>
        <form onSubmit={submit} noValidate>
          <DialogBody>
            <DialogTitle>{editing ? `Edit ${portal.name}` : "Add a portal"}</DialogTitle>
            <DialogContent className={styles.form}>
              {generalError && (
                <MessageBar intent="error" data-testid="portal-form-error">
                  <MessageBarBody>{generalError}</MessageBarBody>
                </MessageBar>
              )}
              <Field label="Name" required validationMessage={fieldError("name")}>
                <Input value={values.name} onChange={set("name")} data-testid="portal-name" autoFocus />
              </Field>
              <Field
                label="Portal URL"
                required
                hint="The address visitors use, e.g. https://contoso.powerappsportals.com"
                validationMessage={fieldError("url")}
              >
                <Input value={values.url} onChange={set("url")} data-testid="portal-url" />
              </Field>
              <Field
                label="Dataverse environment URL"
                required
                hint="e.g. https://contoso.crm.dynamics.com"
                validationMessage={fieldError("environment_url")}
              >
                <Input value={values.environment_url} onChange={set("environment_url")} data-testid="portal-environment-url" />
              </Field>
              <Field
                label="Application (client) ID"
                required
                hint="The portal's Entra ID application (GUID)"
                validationMessage={fieldError("app_id")}
              >
                <Input value={values.app_id} onChange={set("app_id")} data-testid="portal-app-id" />
              </Field>
              {!editing && (
                <Field
                  label="Portal ID"
                  hint="The website record's GUID when tracking an existing portal; leave empty for a new id"
                  validationMessage={fieldError("id")}
                >
                  <Input value={values.id} onChange={set("id")} data-testid="portal-id" />
                </Field>
              )}
              <Field label="Owner" validationMessage={fieldError("owner")}>
                <Input value={values.owner} onChange={set("owner")} data-testid="portal-owner" />
              </Field>
              <Field
                label="Key lifetime (days)"
                hint="How long a newly generated authentication key is valid: 730 (two years) per the portal documentation; newer sites use 365"
                validationMessage={fieldError("key_lifetime_days")}
              >
                <Input
                  type="number"
                  value={values.key_lifetime_days}
                  onChange={set("key_lifetime_days")}
                  data-testid="portal-key-lifetime"
                />
              </Field>
              <Field label="State" validationMessage={fieldError("state")}>
                <Dropdown
                  value={STATES.find((s) => s.value === values.state)?.label}
                  selectedOptions={[values.state]}
                  onOptionSelect={(_, data) => data.optionValue && setValues((v) => ({ ...v, state: data.optionValue as PortalState }))}
                >
                  {STATES.map((s) => (
                    <Option key={s.value} value={s.value}>
                      {s.label}
                    </Option>
                  ))}
                </Dropdown>
              </Field>
            </DialogContent>
            <DialogActions>
              <Button appearance="secondary" onClick={() => onClose()}>
                Cancel
              </Button>
              <Button appearance="primary" type="submit" disabled={mutation.isPending} data-testid="portal-save">
                {editing ? "Save" : "Add portal"}
              </Button>
            </DialogActions>
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
  );
}
