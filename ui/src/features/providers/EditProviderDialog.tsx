// Edit a provider's settings, those the core says it may change: the ones in use first, every
// other setting of its protocol under "More settings". Only changed values are sent; an emptied
// field removes the setting. Secrets are never shown: typing one replaces the secret in the OS
// keyring.
import {
  Accordion,
  AccordionHeader,
  AccordionItem,
  AccordionPanel,
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
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { useState, type FormEvent } from "react";
import { useEditProvider, type EffectiveSetting, type IdentityProvider } from "../../api";
import { formErrors } from "../../components/formErrors";
import { syntaxHint } from "../settings/labels";
import { WIZARD_KINDS, settingKey } from "./kinds";

const useStyles = makeStyles({
  form: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM },
  surface: { maxWidth: "720px" },
});

/** Up to this many settings, the dialog shows them all without "More settings". */
const SHOWN_WHOLE = 10;

function initialOf(setting: EffectiveSetting): string {
  return setting.kind?.type === "secret" ? "" : (setting.stored ?? "");
}

export function EditProviderDialog({ portal, provider, onClose }: { portal: string; provider: IdentityProvider; onClose: () => void }) {
  const styles = useStyles();
  const edit = useEditProvider();
  const editable = provider.settings.filter((s) => provider.editable.includes(settingKey(s)));
  const [drafts, setDrafts] = useState<Record<string, string>>(() =>
    Object.fromEntries(editable.map((s) => [settingKey(s), initialOf(s)])),
  );
  const [dropSecret, setDropSecret] = useState<Record<string, boolean>>({});
  const [moreOpen, setMoreOpen] = useState(false);

  // What the wizard asks for this protocol, plus whatever is stored, comes first.
  const wizardKeys = new Set(
    provider.protocol ? WIZARD_KINDS[provider.protocol].flatMap((k) => k.fields("").map((f) => f.key)) : [],
  );
  // A short list (the built-in Entra ID provider's) is shown whole.
  const main = editable.length <= SHOWN_WHOLE ? editable : editable.filter((s) => s.record_id !== null || wizardKeys.has(settingKey(s)));
  const more = editable.filter((s) => !main.includes(s));
  const errors = formErrors(
    edit.error,
    editable.map((s) => settingKey(s)),
  );
  const showMore = moreOpen || more.some((s) => errors.field(settingKey(s)) !== undefined);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const values: Record<string, string | null> = {};
    for (const s of editable) {
      const key = settingKey(s);
      const draft = drafts[key] ?? "";
      if (s.kind?.type === "secret") {
        if (dropSecret[key]) values[key] = null;
        else if (draft !== "") values[key] = draft;
      } else if (draft !== initialOf(s)) {
        values[key] = draft.trim() === "" ? null : draft;
      }
    }
    if (Object.keys(values).length === 0) {
      onClose();
      return;
    }
    edit.mutate({ portal, key: provider.key, values }, { onSuccess: () => onClose() });
  };

  const field = (s: EffectiveSetting) => {
    const key = settingKey(s);
    const kind = s.kind ?? { type: "text" as const };
    const set = (value: string) => setDrafts((d) => ({ ...d, [key]: value }));
    const description = [s.description, syntaxHint(kind)].filter(Boolean).join(" ");
    let control;
    if (kind.type === "secret") {
      const held = s.source === "keyring";
      control = (
        <>
          <Input
            type="password"
            value={drafts[key] ?? ""}
            disabled={dropSecret[key]}
            placeholder={held ? "Stored in the OS keyring — leave empty to keep" : undefined}
            onChange={(_, d) => set(d.value)}
            data-testid={`edit-field-${key}`}
          />
          {s.record_id !== null && (
            <Checkbox
              label="Remove the stored secret"
              checked={dropSecret[key] ?? false}
              onChange={(_, d) => setDropSecret((x) => ({ ...x, [key]: d.checked === true }))}
            />
          )}
        </>
      );
    } else if (kind.type === "bool" || kind.type === "enum") {
      const known = kind.type === "bool" ? ["true", "false"] : kind.values;
      // A stored spelling the list lacks ("True") stays selectable, so opening the dialog changes nothing.
      const options = s.stored && !known.includes(s.stored) ? [s.stored, ...known] : known;
      control = (
        <Select value={drafts[key] ?? ""} onChange={(_, d) => set(d.value)} data-testid={`edit-field-${key}`}>
          <option value="">Default ({s.default ?? "not set"})</option>
          {options.map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </Select>
      );
    } else {
      control = (
        <Input
          value={drafts[key] ?? ""}
          placeholder={s.default ?? undefined}
          onChange={(_, d) => set(d.value)}
          data-testid={`edit-field-${key}`}
        />
      );
    }
    return (
      <Field key={key} label={key} hint={description || undefined} validationMessage={errors.field(key)}>
        {control}
      </Field>
    );
  };

  return (
    <Dialog open onOpenChange={(_, data) => !data.open && onClose()}>
      <DialogSurface className={styles.surface} aria-describedby={undefined}>
        <form onSubmit={submit} noValidate>
          <DialogBody>
            <DialogTitle>Edit {provider.caption}</DialogTitle>
            <DialogContent className={styles.form}>
              {errors.general && (
                <MessageBar intent="error" data-testid="edit-provider-error">
                  <MessageBarBody>{errors.general}</MessageBarBody>
                </MessageBar>
              )}
              {main.map(field)}
              {more.length > 0 && (
                <Accordion
                  collapsible
                  openItems={showMore ? ["more"] : []}
                  onToggle={(_, d) => setMoreOpen(d.openItems.includes("more"))}
                >
                  <AccordionItem value="more">
                    <AccordionHeader>More settings ({more.length})</AccordionHeader>
                    <AccordionPanel className={styles.form}>{more.map(field)}</AccordionPanel>
                  </AccordionItem>
                </Accordion>
              )}
            </DialogContent>
            <DialogActions>
              <Button onClick={onClose}>Cancel</Button>
              <Button appearance="primary" type="submit" disabled={edit.isPending} data-testid="edit-provider-save">
                Save
              </Button>
            </DialogActions>
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
  );
}
