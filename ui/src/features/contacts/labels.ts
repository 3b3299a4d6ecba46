// Words for the core's contact enums: sign-in verdicts and steps, password states, bulk actions,
// how long the core's lockout still lasts, and how a contact is named.
import type { BulkAction, PasswordState, SignInStep, SignInVerdict } from "../../api";

export const VERDICT: Record<SignInVerdict, { label: string; ok: boolean }> = {
  local_login_disabled: { label: "Local sign-in is off", ok: false },
  no_such_user: { label: "No such user", ok: false },
  duplicate_email: { label: "E-mail shared with another contact", ok: false },
  deactivated: { label: "Deactivated", ok: false },
  login_disabled: { label: "Login disabled", ok: false },
  locked_out: { label: "Locked out", ok: false },
  no_password: { label: "No password", ok: false },
  unusable_hash: { label: "Unusable password hash", ok: false },
  wrong_password: { label: "Wrong password", ok: false },
  two_factor_unconfirmed_email: { label: "Two-factor needs a confirmed e-mail", ok: false },
  password_not_checked: { label: "Password not checked", ok: true },
  success: { label: "Can sign in", ok: true },
  success_with_two_factor: { label: "Can sign in (two-factor code next)", ok: true },
};

export const STEP: Record<SignInStep, string> = {
  local_login: "Local sign-in allowed",
  find_user: "User found",
  unique_email: "E-mail unique",
  active: "Contact active",
  login_enabled: "Login enabled",
  lockout: "Not locked out",
  password: "Password",
  two_factor: "Two-factor",
};

export function passwordText(password: PasswordState): string {
  switch (password.state) {
    case "none":
      return "No password";
    case "unusable":
      return `Unusable password hash: ${password.reason}`;
    case "set":
      return password.format.format === "v2"
        ? "Password set (Identity 2.x hash, as the portal writes it)"
        : `Password set (ASP.NET Core Identity v3 hash, ${password.format.iterations} iterations; the portal may reject it)`;
  }
}

/**
 * The core's `locked_until` while it lasts: the core decides whether the account is locked out
 * (as of reading it); a view open past that moment stops showing the lockout.
 */
export function stillLocked(lockedUntil: string | null, now: number): string | null {
  return lockedUntil !== null && Date.parse(lockedUntil) >= now ? lockedUntil : null;
}

export type BulkKind = BulkAction["action"];

export const BULK_LABEL: Record<BulkKind, string> = {
  unlock: "Unlock",
  confirm_email: "Confirm e-mail",
  assign_role: "Assign role…",
  unassign_role: "Unassign role…",
  deactivate: "Deactivate",
  invite: "Invite…",
};

/** How a contact is named on screen: its name, else its e-mail or user name. */
export function contactName(contact: { first_name: string | null; last_name: string | null; email: string | null; username: string | null }): string {
  const name = [contact.first_name, contact.last_name].filter(Boolean).join(" ");
  return name || contact.email || contact.username || "(no name)";
}
