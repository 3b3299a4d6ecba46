// Creates or edits an invitation: name, code (generated when empty), single or group, how many may
// redeem it, until when, the roles it gives, whom it invites, who invites and the account the
// redeeming contact joins; the core's field errors show in place. Editing starts from the
// invitation's values, with its contacts named.
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
  Radio,
  RadioGroup,
  Spinner,
  Tag,
  TagGroup,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { useState, type FormEvent } from "react";
import {
  useContactNames,
  useCreateInvitation,
  useEditInvitation,
  type ContactName,
  type Invitation,
  type InvitationDraft,
  type InvitationKind,
  type WebRole,
} from "../../api";
import { ExpiryDateField } from "../../components/ExpiryDateField";
import { formErrors } from "../../components/formErrors";
import { ContactPicker, NO_CONTACT, type PickedContact } from "../contacts/ContactPicker";

const useStyles = makeStyles({
  surface: { maxWidth: "640px" },
  form: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM },
  row: { display: "grid", gridTemplateColumns: "1fr 1fr", gap: tokens.spacingHorizontalM },
});

const FIELDS = ["name", "code", "kind", "max_redemptions", "expiry_date", "invited_contact_ids", "inviter_contact_id", "assign_to_account", "role_ids"] as const;

// An inviter typed but not chosen from the suggestions has no id to send; say so rather than drop it.
const INVITER_UNCHOSEN = "Choose the inviter from the suggestions, or clear the field.";

interface Props {
  portal: string;
  roles: readonly WebRole[];
  /** The invitation to edit; none to create one. */
  invitation?: Invitation;
  onSaved: (invitation: Invitation) => void;
  onClose: () => void;
}

export function InvitationDialog(props: Props) {
  const styles = useStyles();
  const { invitation } = props;
  const ids = invitation ? [...invitation.invited_contact_ids, ...(invitation.inviter_contact_id ? [invitation.inviter_contact_id] : [])] : [];
  const names = useContactNames(props.portal, ids);
  if (ids.length === 0 || names.data) return <InvitationForm {...props} names={names.data ?? []} />;
  return (
    <Dialog open onOpenChange={(_, d) => !d.open && props.onClose()}>
      <DialogSurface className={styles.surface} aria-describedby={undefined}>
        <DialogBody>
          <DialogTitle>Edit invitation</DialogTitle>
          <DialogContent>
            {names.isError ? (
              <MessageBar intent="error">
                <MessageBarBody>{names.error.message}</MessageBarBody>
              </MessageBar>
            ) : (
              <Spinner size="small" label="Loading the invited contacts…" />
            )}
          </DialogContent>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}

function InvitationForm({ portal, roles, invitation, names, onSaved, onClose }: Props & { names: readonly ContactName[] }) {
  const styles = useStyles();
  const nameOf = (id: string) => names.find((n) => n.id === id)?.name ?? id;
  const [name, setName] = useState(invitation?.name ?? "");
  const [code, setCode] = useState(invitation?.code ?? "");
  const [kind, setKind] = useState<InvitationKind>(invitation?.kind ?? "single");
  const [max, setMax] = useState(invitation ? String(invitation.max_redemptions) : "");
  const [expiry, setExpiry] = useState(invitation?.expiry_date ?? "");
  const [roleIds, setRoleIds] = useState<string[]>(invitation?.role_ids ?? []);
  const [invited, setInvited] = useState<{ id: string; name: string }[]>(
    (invitation?.invited_contact_ids ?? []).map((id) => ({ id, name: nameOf(id) })),
  );
  const [picking, setPicking] = useState<PickedContact>(NO_CONTACT);
  const [inviter, setInviter] = useState<PickedContact>(
    invitation?.inviter_contact_id ? { id: invitation.inviter_contact_id, text: nameOf(invitation.inviter_contact_id) } : NO_CONTACT,
  );
  const [inviterChecked, setInviterChecked] = useState(false);
  const [account, setAccount] = useState(invitation?.assign_to_account ?? "");
  const create = useCreateInvitation();
  const edit = useEditInvitation();
  const save = invitation ? edit : create;
  const errors = formErrors(save.error, FIELDS);

  const pick = (value: PickedContact) => {
    if (value.id === null) {
      setPicking(value);
      return;
    }
    const chosen = { id: value.id, name: value.text };
    // A single invitation is for one contact; a group one collects several.
    setInvited((current) => (kind === "single" ? [chosen] : current.some((c) => c.id === chosen.id) ? current : [...current, chosen]));
    setPicking(NO_CONTACT);
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (inviter.id === null && inviter.text.trim() !== "") {
      setInviterChecked(true);
      return;
    }
    const draft: InvitationDraft = {
      name,
      code: code.trim() === "" ? null : code.trim(),
      kind,
      max_redemptions: max.trim() === "" ? null : Number(max),
      expiry_date: expiry === "" ? null : expiry,
      invited_contact_ids: invited.map((c) => c.id),
      inviter_contact_id: inviter.id,
      assign_to_account: account.trim() === "" ? null : account.trim(),
      role_ids: roleIds,
    };
    if (invitation) edit.mutate({ portal, invitation: invitation.id, draft }, { onSuccess: onSaved });
    else create.mutate({ portal, draft }, { onSuccess: onSaved });
  };

  return (
    <Dialog open onOpenChange={(_, d) => !d.open && onClose()}>
      <DialogSurface className={styles.surface} aria-describedby={undefined} data-testid="invitation-dialog">
        <form onSubmit={submit} noValidate>
          <DialogBody>
            <DialogTitle>{invitation ? `Edit invitation ${invitation.name}` : "New invitation"}</DialogTitle>
            <DialogContent className={styles.form}>
              {errors.general && (
                <MessageBar intent="error" data-testid="invitation-error">
                  <MessageBarBody>{errors.general}</MessageBarBody>
                </MessageBar>
              )}
              <Field label="Name" required validationMessage={errors.field("name")}>
                <Input value={name} onChange={(_, d) => setName(d.value)} autoFocus data-testid="invitation-name" />
              </Field>
              <Field
                label="Code"
                hint={invitation ? "Clear it to generate a new one. The old code stops working once saved." : "Leave empty to generate one."}
                validationMessage={errors.field("code")}
              >
                <Input value={code} onChange={(_, d) => setCode(d.value)} data-testid="invitation-code" />
              </Field>
              <Field label="Kind" validationMessage={errors.field("kind")}>
                <RadioGroup
                  layout="horizontal"
                  value={kind}
                  onChange={(_, d) => {
                    const next = d.value as InvitationKind;
                    setKind(next);
                    if (next === "single") setInvited((current) => current.slice(0, 1));
                  }}
                >
                  <Radio value="single" label="Single (one contact)" data-testid="invitation-kind-single" />
                  <Radio value="group" label="Group (several contacts)" data-testid="invitation-kind-group" />
                </RadioGroup>
              </Field>
              <div className={styles.row}>
                <Field
                  label="Maximum redemptions"
                  hint={
                    invitation && invitation.redemptions > 0
                      ? `Redeemed ${invitation.redemptions} times so far; not lower than that. 0 means no limit.`
                      : "Empty: 1 for single, no limit for group. 0 means no limit."
                  }
                  validationMessage={errors.field("max_redemptions")}
                >
                  <Input type="number" min={0} value={max} onChange={(_, d) => setMax(d.value)} data-testid="invitation-max" />
                </Field>
                <ExpiryDateField
                  label="Expiry"
                  value={expiry}
                  onChange={setExpiry}
                  hint="Valid until this date begins (00:00 UTC)."
                  validationMessage={errors.field("expiry_date")}
                  testId="invitation-expiry"
                />
              </div>
              <Field label="Roles given on redemption" validationMessage={errors.field("role_ids")}>
                <Dropdown
                  multiselect
                  placeholder="No roles"
                  value={roles
                    .filter((r) => roleIds.includes(r.id))
                    .map((r) => r.name)
                    .join(", ")}
                  selectedOptions={roleIds}
                  onOptionSelect={(_, d) => setRoleIds(d.selectedOptions)}
                  data-testid="invitation-roles"
                >
                  {roles.map((r) => (
                    <Option key={r.id} value={r.id}>
                      {r.name}
                    </Option>
                  ))}
                </Dropdown>
              </Field>
              <Field
                label={kind === "single" ? "Invited contact" : "Invited contacts"}
                hint="Optional. Find a contact by the start of its name, e-mail or user name."
                validationMessage={errors.field("invited_contact_ids")}
              >
                <ContactPicker portal={portal} value={picking} onChange={pick} testId="invitation-contact" aria-label="Invited contact" />
              </Field>
              {invited.length > 0 && (
                <TagGroup
                  aria-label="Invited contacts"
                  onDismiss={(_, d) => setInvited((current) => current.filter((c) => c.id !== d.value))}
                  data-testid="invitation-invited"
                >
                  {invited.map((c) => (
                    <Tag key={c.id} value={c.id} dismissible dismissIcon={{ "aria-label": `Remove ${c.name}` }}>
                      {c.name}
                    </Tag>
                  ))}
                </TagGroup>
              )}
              <div className={styles.row}>
                <Field
                  label="Inviter"
                  hint="Optional. The contact who invites."
                  validationMessage={
                    inviterChecked && inviter.id === null && inviter.text.trim() !== "" ? INVITER_UNCHOSEN : errors.field("inviter_contact_id")
                  }
                >
                  <ContactPicker portal={portal} value={inviter} onChange={setInviter} testId="invitation-inviter" aria-label="Inviter" />
                </Field>
                <Field
                  label="Account to assign"
                  hint="Optional. The account's id or name; the redeeming contact joins it."
                  validationMessage={errors.field("assign_to_account")}
                >
                  <Input value={account} onChange={(_, d) => setAccount(d.value)} data-testid="invitation-account" />
                </Field>
              </div>
            </DialogContent>
            <DialogActions>
              <Button onClick={onClose}>Cancel</Button>
              <Button appearance="primary" type="submit" disabled={save.isPending} data-testid="invitation-save">
                {invitation ? "Save" : "Create"}
              </Button>
            </DialogActions>
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
  );
}
