// Redeems an invitation code for a contact, as the portal does when someone signs up with it; an
// unusable code comes back with the core's reason: `invitation_expired`, `invitation_used_up`, or
// `invitation_invalid` (inactive, wrong code, already redeemed by this contact).
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
  MessageBarTitle,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { useState, type FormEvent } from "react";
import { ApiError, useRedeemInvitation, type ErrorCode, type WebRole } from "../../api";
import { ContactPicker, NO_CONTACT, type PickedContact } from "../contacts/ContactPicker";
import { contactName } from "../contacts/labels";

const REFUSAL_TITLE: Partial<Record<ErrorCode, string>> = {
  invitation_invalid: "This code cannot be redeemed.",
  invitation_expired: "This invitation has expired.",
  invitation_used_up: "This invitation has been used up.",
};

const useStyles = makeStyles({
  form: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM },
});

interface Props {
  portal: string;
  roles: readonly WebRole[];
  onClose: () => void;
}

export function RedeemDialog({ portal, roles, onClose }: Props) {
  const styles = useStyles();
  const [code, setCode] = useState("");
  const [contact, setContact] = useState<PickedContact>(NO_CONTACT);
  const redeem = useRedeemInvitation();
  const contactRef = contact.id ?? contact.text.trim();
  const error = redeem.error;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    redeem.mutate({ portal, code: code.trim(), contact: contactRef });
  };
  const roleNames = (ids: string[]) => ids.map((id) => roles.find((r) => r.id === id)?.name ?? id).join(", ");
  return (
    <Dialog open onOpenChange={(_, d) => !d.open && onClose()}>
      <DialogSurface aria-describedby={undefined} data-testid="redeem-dialog">
        <form onSubmit={submit} noValidate>
          <DialogBody>
            <DialogTitle>Redeem an invitation code</DialogTitle>
            <DialogContent className={styles.form}>
              {error && (
                <MessageBar intent="error" layout="multiline" data-testid="redeem-error" data-code={error instanceof ApiError ? error.code : undefined}>
                  <MessageBarBody>
                    {error instanceof ApiError && REFUSAL_TITLE[error.code] && <MessageBarTitle>{REFUSAL_TITLE[error.code]}</MessageBarTitle>}{" "}
                    {error.message}
                  </MessageBarBody>
                </MessageBar>
              )}
              {redeem.isSuccess && (
                <MessageBar intent="success" data-testid="redeem-result">
                  <MessageBarBody>
                    Redeemed {redeem.data.invitation.name} for {contactName(redeem.data.contact)}.
                    {redeem.data.roles_added.length > 0 ? ` Roles added: ${roleNames(redeem.data.roles_added)}.` : " No roles added."}
                  </MessageBarBody>
                </MessageBar>
              )}
              <Field label="Code" required>
                <Input value={code} onChange={(_, d) => setCode(d.value)} autoFocus data-testid="redeem-code" />
              </Field>
              <Field label="Contact" required hint="The contact that signs up with the code.">
                <ContactPicker portal={portal} value={contact} onChange={setContact} testId="redeem-contact" aria-label="Contact" />
              </Field>
            </DialogContent>
            <DialogActions>
              <Button onClick={onClose}>{redeem.isSuccess ? "Close" : "Cancel"}</Button>
              <Button
                appearance="primary"
                type="submit"
                disabled={code.trim() === "" || contactRef === "" || redeem.isPending}
                data-testid="redeem-submit"
              >
                Redeem
              </Button>
            </DialogActions>
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
  );
}
