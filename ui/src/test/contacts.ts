// Test data for the contacts and invitations pages, shaped like the core's answers: list rows made
// up by index (so a million of them cost nothing), one contact's details, diagnoses, invitations.
import type { Contact, ContactDetails, ContactRow, Invitation, SignInDiagnosis } from "../api";
import { ROLE, portal } from "./access";

export { portal };

/** A stable, valid UUID for the n-th contact. */
export function contactId(n: number): string {
  return `c0000000-0000-4000-8000-${n.toString(16).padStart(12, "0")}`;
}

export function row(n: number, fields: Partial<ContactRow> = {}): ContactRow {
  const first = `Contact${n}`;
  return {
    id: contactId(n),
    name: `${first} Example`,
    first_name: first,
    last_name: "Example",
    email: `contact${n}@example.com`,
    email_confirmed: true,
    username: `contact${n}`,
    mobile_phone: null,
    active: true,
    email_shared: false,
    has_password: true,
    two_factor_enabled: false,
    lockout_enabled: true,
    lockout_end: null,
    locked_until: null,
    access_failed_count: 0,
    login_enabled: true,
    last_successful_login: null,
    modified_at: "2026-11-22T00:00:00Z",
    ...fields,
  };
}

/** The rows a `contact_page` query by offset answers, out of `total`. */
export function pageOf(query: { offset: number | null; limit: number }, total: number): { rows: ContactRow[]; next: null } {
  const start = query.offset ?? 0;
  const end = Math.min(start + query.limit, total);
  return { rows: Array.from({ length: Math.max(end - start, 0) }, (_, i) => row(start + i)), next: null };
}

export const ANN: Contact = {
  id: contactId(1),
  first_name: "Ann",
  last_name: "Lee",
  email: "ann.lee@contoso.com",
  email_confirmed: true,
  mobile_phone: null,
  active: true,
  username: "ann.lee",
  password: { state: "set", format: { format: "v2" } },
  security_stamp: "d3c1f5e2-0000-4000-8000-000000000001",
  two_factor_enabled: false,
  lockout_enabled: true,
  lockout_end: "2099-01-01T10:00:00Z",
  access_failed_count: 5,
  login_enabled: true,
  local_login_disabled: false,
  last_successful_login: "2026-11-20T08:30:00Z",
  role_ids: [ROLE.administrators.id],
  identities: [{ id: "e1000000-0000-4000-8000-000000000001", provider: "https://login.contoso.com/", user_key: "ann-42" }],
  modified_at: "2026-11-22T00:00:00Z",
};

export const LOCKED_OUT: SignInDiagnosis = {
  verdict: "locked_out",
  summary: "Ann Lee is locked out after 5 failed passwords.",
  steps: [
    { step: "local_login", outcome: "passed", explanation: "Local sign-in is on." },
    { step: "find_user", outcome: "passed", explanation: "Found by user name ann.lee." },
    { step: "unique_email", outcome: "passed", explanation: "No other contact has this e-mail address." },
    { step: "active", outcome: "passed", explanation: "The contact is active." },
    { step: "login_enabled", outcome: "passed", explanation: "Login is enabled." },
    { step: "lockout", outcome: "stopped", explanation: "Locked out until 2099-01-01 10:00 UTC." },
    { step: "password", outcome: "not_checked", explanation: "Not reached." },
    { step: "two_factor", outcome: "not_checked", explanation: "Not reached." },
  ],
  portal_message: "The account is locked out.",
  after_attempt: null,
  attempt_locks_account: false,
};

export const INVITATION: Record<"partners" | "ann", Invitation> = {
  partners: {
    id: "f1000000-0000-4000-8000-000000000001",
    name: "Partner onboarding",
    code: "PARTNERS-2027",
    kind: "group",
    max_redemptions: 0,
    redemptions: 3,
    expiry_date: "2099-03-31",
    invited_contact_ids: [],
    inviter_contact_id: null,
    redeemed_contact_ids: [],
    assign_to_account: null,
    role_ids: [ROLE.administrators.id],
    status: "sent",
    created_at: "2026-11-01T00:00:00Z",
  },
  ann: {
    id: "f1000000-0000-4000-8000-000000000002",
    name: "Ann's invitation",
    code: "K7Q2-MX94",
    kind: "single",
    max_redemptions: 1,
    redemptions: 0,
    expiry_date: null,
    invited_contact_ids: [contactId(1)],
    inviter_contact_id: null,
    redeemed_contact_ids: [],
    assign_to_account: null,
    role_ids: [],
    status: "new",
    created_at: "2026-11-10T00:00:00Z",
  },
};

export function details(contact: Contact = ANN, diagnosis: SignInDiagnosis = LOCKED_OUT): ContactDetails {
  return {
    contact,
    // As the core reads it for these fixtures' lockout ends (far future or none).
    locked_until: contact.lockout_enabled ? contact.lockout_end : null,
    roles: [ROLE.administrators],
    same_email: [],
    invitations: [INVITATION.ann],
    diagnosis,
    rules: {
      require_unique_email: true,
      allow_only_alphanumeric_user_names: false,
      lockout_enabled_by_default: true,
      max_failed_access_attempts: 5,
      lockout_time_span: { ticks: 3_000_000_000 },
      trigger_lockout_on_failed_password: true,
      local_login_enabled: true,
      local_login_by_email: false,
      two_factor_enabled: true,
    },
    history: [
      {
        id: 11,
        at: "2026-11-21T09:00:00Z",
        actor: "admin@contoso.com",
        portal_id: portal.id,
        entity: "contact",
        entity_id: contact.id,
        action: "updated",
        before: { access_failed_count: 4, modified_at: "2026-11-20T00:00:00Z" },
        after: { access_failed_count: 5, modified_at: "2026-11-21T00:00:00Z" },
      },
    ],
  };
}
