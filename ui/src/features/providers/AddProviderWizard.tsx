// The add-provider wizard: choose the protocol and kind, then name the provider and fill in what
// that kind needs; the core checks the draft and its messages show next to the fields.
import {
  Button,
  Caption1,
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
  Radio,
  RadioGroup,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { useState, type FormEvent } from "react";
import { useAddProvider, type IdentityProvider, type Protocol } from "../../api";
import { formErrors } from "../../components/formErrors";
import { PROTOCOL_HELP, PROTOCOL_TITLE, WIZARD_KINDS, type KindSpec } from "./kinds";

const useStyles = makeStyles({
  form: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM },
  muted: { color: tokens.colorNeutralForeground3 },
});

const PROTOCOLS: readonly Protocol[] = ["open_id_connect", "o_auth2", "saml2", "ws_federation"];

interface Props {
  portal: string;
  /** The portal's address without a trailing slash, for examples of reply URLs. */
  site: string;
  onClose: (added?: IdentityProvider) => void;
}

export function AddProviderWizard({ portal, site, onClose }: Props) {
  const styles = useStyles();
  const [step, setStep] = useState<1 | 2>(1);
  const [protocol, setProtocol] = useState<Protocol>("open_id_connect");
  const [spec, setSpec] = useState<KindSpec>(WIZARD_KINDS.open_id_connect[0]);
  const [name, setName] = useState("");
  const [values, setValues] = useState<Record<string, string>>({});
  const add = useAddProvider();
  const fields = spec.fields(site);
  const errors = formErrors(add.error, step === 2 ? ["name", ...fields.map((f) => f.key)] : []);

  const chooseProtocol = (next: Protocol) => {
    setProtocol(next);
    setSpec(WIZARD_KINDS[next][0]);
  };
  const next = () => {
    add.reset();
    setName(spec.defaultName);
    setValues({});
    setStep(2);
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (step === 1) {
      next();
      return;
    }
    const filled = Object.fromEntries(Object.entries(values).filter(([, v]) => v.trim() !== ""));
    add.mutate({ portal, draft: { protocol, name, values: filled } }, { onSuccess: (provider) => onClose(provider) });
  };

  return (
    <Dialog open onOpenChange={(_, data) => !data.open && onClose()}>
      <DialogSurface aria-describedby={undefined} data-testid="add-provider-wizard">
        <form onSubmit={submit} noValidate>
          <DialogBody>
            <DialogTitle>
              Add an identity provider <Caption1 className={styles.muted}>· step {step} of 2</Caption1>
            </DialogTitle>
            <DialogContent className={styles.form}>
              {step === 1 && (
                <>
                  <Field label="Protocol">
                    <RadioGroup value={protocol} onChange={(_, d) => chooseProtocol(d.value as Protocol)}>
                      {PROTOCOLS.map((p) => (
                        <Radio
                          key={p}
                          value={p}
                          label={`${PROTOCOL_TITLE[p]} — ${PROTOCOL_HELP[p]}`}
                          data-testid={`wizard-protocol-${p}`}
                        />
                      ))}
                    </RadioGroup>
                  </Field>
                  <Field label="Provider">
                    <RadioGroup
                      value={spec.kind}
                      onChange={(_, d) => setSpec(WIZARD_KINDS[protocol].find((k) => k.kind === d.value) ?? spec)}
                    >
                      {WIZARD_KINDS[protocol].map((k) => (
                        <Radio key={k.kind} value={k.kind} label={k.title} data-testid={`wizard-kind-${k.kind}`} />
                      ))}
                    </RadioGroup>
                  </Field>
                </>
              )}
              {step === 2 && (
                <>
                  {errors.general && (
                    <MessageBar intent="error" data-testid="provider-form-error">
                      <MessageBarBody>{errors.general}</MessageBarBody>
                    </MessageBar>
                  )}
                  <Field
                    label="Name"
                    required
                    hint={
                      spec.fixedName
                        ? `The portal recognises ${spec.title} by this name.`
                        : "Becomes part of the setting names: letters, digits, _ - and . only."
                    }
                    validationMessage={errors.field("name")}
                  >
                    <Input value={name} readOnly={spec.fixedName} onChange={(_, d) => setName(d.value)} data-testid="provider-name" />
                  </Field>
                  {fields.map((f) => (
                    <Field
                      key={f.key}
                      label={f.label}
                      required={f.required}
                      hint={f.example ? `${f.hint} e.g. ${f.example}` : f.hint}
                      validationMessage={errors.field(f.key)}
                    >
                      <Input
                        type={f.secret ? "password" : "text"}
                        value={values[f.key] ?? ""}
                        placeholder={f.example}
                        onChange={(_, d) => setValues((v) => ({ ...v, [f.key]: d.value }))}
                        data-testid={`provider-field-${f.key}`}
                      />
                    </Field>
                  ))}
                </>
              )}
            </DialogContent>
            <DialogActions>
              <Button onClick={() => onClose()}>Cancel</Button>
              {step === 1 ? (
                <Button appearance="primary" onClick={next} data-testid="wizard-next">
                  Next
                </Button>
              ) : (
                <>
                  <Button onClick={() => setStep(1)}>Back</Button>
                  <Button appearance="primary" type="submit" disabled={add.isPending} data-testid="wizard-submit">
                    {add.isPending ? "Adding…" : "Add provider"}
                  </Button>
                </>
              )}
            </DialogActions>
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
  );
}
