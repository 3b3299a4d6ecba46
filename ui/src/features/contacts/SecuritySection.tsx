// A contact's security state and the admin actions on it: lockout and failed attempts,
// two-factor, e-mail confirmation, login, activation, sessions and the local password.
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
  Text,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { useState, type FormEvent, type ReactNode } from "react";
import { useContactAction, useSetContactPassword, type Contact, type ContactAction, type UserRules } from "../../api";
import { ConfirmDialog } from "../../components/ConfirmDialog";
import { localDateTime, utcDateTime } from "../../components/dates";
import { formErrors } from "../../components/formErrors";
import { stillLocked } from "./labels";
import { Section } from "./Section";

const useStyles = makeStyles({
  facts: { display: "grid", gridTemplateColumns: "180px 1fr auto", gap: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM}`, alignItems: "center" },
  actions: { display: "flex", gap: tokens.spacingHorizontalS, flexWrap: "wrap", justifyContent: "flex-end" },
  muted: { color: tokens.colorNeutralForeground3 },
});

/** The actions that need nothing but the contact. */
type Kind = Exclude<ContactAction, { role_id: string } | { provider: string } | { identity_id: string }>["action"];

interface Props {
  portal: string;
  contact: Contact;
  /** The core's word on the lockout: until when the account is locked out, or null. */
  lockedUntil: string | null;
  rules: UserRules;
  now: number;
}

export function SecuritySection({ portal, contact, lockedUntil, rules, now }: Props) {
  const styles = useStyles();
  const act = useContactAction();
  const [settingPassword, setSettingPassword] = useState(false);
  const [removingPassword, setRemovingPassword] = useState(false);
  const locked = stillLocked(lockedUntil, now);
  const run = (action: ContactAction) => act.mutate({ portal, id: contact.id, action });
  const button = (kind: Kind, label: string, enabled = true) => (
    <Button size="small" disabled={!enabled || act.isPending} onClick={() => run({ action: kind })} data-testid={`contact-action-${kind}`}>
      {label}
    </Button>
  );
  const fact = (label: string, value: ReactNode, testId: string, actions: ReactNode) => (
    <>
      <Text weight="semibold">{label}</Text>
      <Text data-testid={testId}>{value}</Text>
      <span className={styles.actions}>{actions}</span>
    </>
  );

  return (
    <Section title="Security" testId="contact-security">
      {act.isError && (
        <MessageBar intent="error" data-testid="contact-action-error">
          <MessageBarBody>{act.error.message}</MessageBarBody>
        </MessageBar>
      )}
      <div className={styles.facts}>
        {fact(
          "Lockout",
          locked ? <span title={utcDateTime(locked)}>Locked out until {localDateTime(locked)}</span> : "Not locked",
          "contact-lockout",
          button("unlock", "Unlock", locked !== null || contact.access_failed_count > 0),
        )}
        {fact(
          "Failed attempts",
          `${contact.access_failed_count} of ${rules.max_failed_access_attempts} before a lockout`,
          "contact-failed-count",
          null,
        )}
        {fact(
          "Lockout on failures",
          contact.lockout_enabled ? "On" : "Off (failed passwords never lock this contact)",
          "contact-lockout-enabled",
          contact.lockout_enabled ? button("disable_lockout", "Turn off") : button("enable_lockout", "Turn on"),
        )}
        {fact(
          "Two-factor",
          contact.two_factor_enabled ? "On" : "Off",
          "contact-two-factor",
          contact.two_factor_enabled ? button("disable_two_factor", "Turn off") : button("enable_two_factor", "Turn on"),
        )}
        {fact(
          "E-mail",
          contact.email_confirmed ? "Confirmed" : "Not confirmed",
          "contact-email-confirmed",
          contact.email_confirmed ? button("unconfirm_email", "Mark unconfirmed") : button("confirm_email", "Confirm"),
        )}
        {fact(
          "Login",
          contact.login_enabled ? "Enabled" : "Disabled",
          "contact-login-enabled",
          contact.login_enabled ? button("disable_login", "Disable login") : button("enable_login", "Enable login"),
        )}
        {fact(
          "Contact",
          contact.active ? "Active" : "Deactivated",
          "contact-active",
          contact.active ? button("deactivate", "Deactivate") : button("reactivate", "Reactivate"),
        )}
        {fact("Sessions", "Signing out rotates the security stamp: every session ends.", "contact-sessions", button("sign_out_everywhere", "Sign out everywhere"))}
        {fact(
          "Password",
          contact.password.state === "none" ? "None" : contact.password.state === "set" ? "Set" : "Unusable hash",
          "contact-password-state",
          <>
            <Button size="small" onClick={() => setSettingPassword(true)} data-testid="contact-set-password">
              Set password…
            </Button>
            <Button
              size="small"
              disabled={contact.password.state === "none" || act.isPending}
              onClick={() => setRemovingPassword(true)}
              data-testid="contact-action-remove_password"
            >
              Remove password
            </Button>
          </>,
        )}
      </div>
      {!rules.lockout_enabled_by_default && (
        <Caption1 className={styles.muted}>New contacts of this portal start with lockout off (LockoutEnabledByDefault is false).</Caption1>
      )}
      {settingPassword && <SetPasswordDialog portal={portal} contact={contact} onClose={() => setSettingPassword(false)} />}
      {removingPassword && (
        <ConfirmDialog
          title="Remove the local password?"
          confirmLabel="Remove password"
          onConfirm={() => act.mutateAsync({ portal, id: contact.id, action: { action: "remove_password" } })}
          onClose={() => setRemovingPassword(false)}
          testId="contact-remove-password-confirm"
        >
          The contact can then sign in only through a linked external identity; the core refuses when none is linked.
        </ConfirmDialog>
      )}
    </Section>
  );
}

function SetPasswordDialog({ portal, contact, onClose }: { portal: string; contact: Contact; onClose: () => void }) {
  const [password, setPassword] = useState("");
  const set = useSetContactPassword();
  const errors = formErrors(set.error, ["password"]);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    set.mutate({ portal, id: contact.id, password }, { onSuccess: onClose });
  };
  return (
    <Dialog open onOpenChange={(_, d) => !d.open && onClose()}>
      <DialogSurface aria-describedby={undefined} data-testid="contact-password-dialog">
        <form onSubmit={submit} noValidate>
          <DialogBody>
            <DialogTitle>Set password</DialogTitle>
            <DialogContent>
              {errors.general && (
                <MessageBar intent="error">
                  <MessageBarBody>{errors.general}</MessageBarBody>
                </MessageBar>
              )}
              <Field
                label="New password"
                hint="Checked against the portal's password policy. Other sessions end and the failed count resets."
                validationMessage={errors.field("password")}
              >
                <Input
                  type="password"
                  value={password}
                  onChange={(_, d) => setPassword(d.value)}
                  autoComplete="new-password"
                  autoFocus
                  data-testid="contact-new-password"
                />
              </Field>
            </DialogContent>
            <DialogActions>
              <Button onClick={onClose}>Cancel</Button>
              <Button appearance="primary" type="submit" disabled={password === "" || set.isPending} data-testid="contact-password-save">
                Set password
              </Button>
            </DialogActions>
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
  );
}
