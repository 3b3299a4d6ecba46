// Add a site setting (name and value) or change one's value. The core checks catalogued values
// and name length; its messages show next to the fields.
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
  Textarea,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { useState, type FormEvent } from "react";
import { useSetSetting, type EffectiveSetting } from "../../api";
import { formErrors } from "../../components/formErrors";
import { syntaxHint } from "./labels";

const useStyles = makeStyles({
  form: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM },
  mono: { fontFamily: tokens.fontFamilyMonospace },
});

interface Props {
  portal: string;
  /** The setting to change; a new one when absent. */
  setting?: EffectiveSetting;
  onClose: () => void;
}

export function SiteSettingDialog({ portal, setting, onClose }: Props) {
  const styles = useStyles();
  const editing = setting !== undefined;
  const secret = setting?.kind?.type === "secret";
  const [name, setName] = useState(setting?.name ?? "");
  // Secrets are never shown; an edit types a new one.
  const [value, setValue] = useState(secret ? "" : (setting?.stored ?? ""));
  const save = useSetSetting();
  const errors = formErrors(save.error, ["name", "value"]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate({ portal, name, value }, { onSuccess: () => onClose() });
  };

  return (
    <Dialog open onOpenChange={(_, data) => !data.open && onClose()}>
      <DialogSurface aria-describedby={undefined}>
        <form onSubmit={submit} noValidate>
          <DialogBody>
            <DialogTitle>{editing ? "Change a site setting" : "Add a site setting"}</DialogTitle>
            <DialogContent className={styles.form}>
              {errors.general && (
                <MessageBar intent="error" data-testid="site-setting-error">
                  <MessageBarBody>{errors.general}</MessageBarBody>
                </MessageBar>
              )}
              <Field
                label="Name"
                required
                hint={editing ? undefined : "e.g. Authentication/Registration/Enabled — names match ignoring letter case"}
                validationMessage={errors.field("name")}
              >
                <Input
                  className={styles.mono}
                  value={name}
                  readOnly={editing}
                  onChange={(_, d) => setName(d.value)}
                  autoFocus={!editing}
                  data-testid="site-setting-name"
                />
              </Field>
              <Field
                label="Value"
                hint={
                  secret
                    ? "Stored in the OS keyring, never in the workspace."
                    : [setting?.description, setting?.kind && syntaxHint(setting.kind)].filter(Boolean).join(" ") || undefined
                }
                validationMessage={errors.field("value")}
              >
                {secret ? (
                  <Input type="password" value={value} onChange={(_, d) => setValue(d.value)} data-testid="site-setting-value" />
                ) : (
                  <Textarea
                    className={styles.mono}
                    value={value}
                    resize="vertical"
                    onChange={(_, d) => setValue(d.value)}
                    autoFocus={editing}
                    data-testid="site-setting-value"
                  />
                )}
              </Field>
            </DialogContent>
            <DialogActions>
              <Button onClick={onClose}>Cancel</Button>
              <Button appearance="primary" type="submit" disabled={save.isPending} data-testid="site-setting-save">
                Save
              </Button>
            </DialogActions>
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
  );
}
