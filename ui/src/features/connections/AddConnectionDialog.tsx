// Add a connection: a tenant, optionally the app registration and endpoints (Microsoft's by
// default), and, for an application, its client secret. The core validates; its per-field
// messages show next to the fields.
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
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { useState, type FormEvent } from "react";
import { ApiError, useAddConnection } from "../../api";

const useStyles = makeStyles({
  form: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS },
});

// The first two are always shown; the app registration and endpoints only on request (their
// defaults are Microsoft's), or when the core names one of them in an error.
const FIELDS = [
  { key: "name", label: "Name", hint: undefined, required: true },
  { key: "tenant", label: "Tenant", hint: "Its GUID or a domain such as contoso.onmicrosoft.com", required: true },
  { key: "client_id", label: "Client id", hint: "Your app registration; empty: the Dataverse sample public client", required: false },
  { key: "authority", label: "Authority", hint: "Empty: https://login.microsoftonline.com/<tenant>/v2.0", required: false },
  { key: "graph_url", label: "Microsoft Graph", hint: "Empty: https://graph.microsoft.com", required: false },
  { key: "powerplatform_url", label: "Power Platform API", hint: "Empty: https://api.powerplatform.com", required: false },
  { key: "discovery_url", label: "Global discovery service", hint: "Empty: https://globaldisco.crm.dynamics.com", required: false },
] as const;

type Key = (typeof FIELDS)[number]["key"];

export function AddConnectionDialog({ onClose }: { onClose: () => void }) {
  const styles = useStyles();
  const add = useAddConnection();
  const [values, setValues] = useState<Record<Key, string>>({
    name: "",
    tenant: "",
    client_id: "",
    authority: "",
    graph_url: "",
    powerplatform_url: "",
    discovery_url: "",
  });
  const [secret, setSecret] = useState("");
  const [advanced, setAdvanced] = useState(false);
  const error = add.error instanceof ApiError ? add.error : undefined;
  const generalError = add.error && (!error || error.fields.length === 0) ? add.error.message : undefined;
  const optional = (v: string) => (v.trim() === "" ? null : v);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    try {
      await add.mutateAsync({
        draft: {
          name: values.name,
          tenant: values.tenant,
          client_id: optional(values.client_id),
          authority: optional(values.authority),
          graph_url: optional(values.graph_url),
          powerplatform_url: optional(values.powerplatform_url),
          discovery_url: optional(values.discovery_url),
          method: null,
        },
        clientSecret: optional(secret),
      });
      onClose();
    } catch {
      // Shown next to the fields.
    }
  };

  return (
    <Dialog open onOpenChange={(_, data) => !data.open && onClose()}>
      <DialogSurface aria-describedby={undefined}>
        <form onSubmit={submit} noValidate>
          <DialogBody>
            <DialogTitle>Add a connection</DialogTitle>
            <DialogContent className={styles.form}>
              {generalError && (
                <MessageBar intent="error">
                  <MessageBarBody>{generalError}</MessageBarBody>
                </MessageBar>
              )}
              {FIELDS.filter((f, i) => i < 2 || advanced || error?.fieldMessage(f.key)).map((f) => (
                <Field key={f.key} label={f.label} hint={f.hint} required={f.required} validationMessage={error?.fieldMessage(f.key)}>
                  <Input
                    value={values[f.key]}
                    onChange={(_, d) => setValues((v) => ({ ...v, [f.key]: d.value }))}
                    data-testid={`connection-${f.key}`}
                  />
                </Field>
              ))}
              {!advanced && (
                <Button appearance="transparent" onClick={() => setAdvanced(true)} data-testid="connection-advanced">
                  App registration and endpoints…
                </Button>
              )}
              <Field
                label="Client secret"
                hint="Only for an application signing in on its own (monitoring); kept in the system keyring"
                validationMessage={error?.fieldMessage("client_secret")}
              >
                <Input type="password" value={secret} onChange={(_, d) => setSecret(d.value)} autoComplete="off" />
              </Field>
            </DialogContent>
            <DialogActions>
              <Button appearance="secondary" onClick={onClose}>
                Cancel
              </Button>
              <Button appearance="primary" type="submit" disabled={add.isPending} data-testid="connection-save">
                Add
              </Button>
            </DialogActions>
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
  );
}
