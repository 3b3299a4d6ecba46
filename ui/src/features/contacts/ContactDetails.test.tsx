// A contact's page against a mocked core: the sign-in diagnosis with its verdict and steps, a
// re-check with a typed password (sent once, then gone from the screen), an action that refreshes
// the page, the password policy's own message when setting a password fails, and the security,
// identity and role actions as the core receives them.
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { cleanup, screen, waitFor, within } from "@testing-library/react";
import userEvent, { PointerEventsCheckLevel } from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { SignInDiagnosis } from "../../api";
import { ANN, LOCKED_OUT, details, portal, row } from "../../test/contacts";
import { ROLE, overview } from "../../test/access";
import { renderWithProviders } from "../../test/render";
import { ContactDetails } from "./ContactDetails";

afterEach(() => {
  cleanup();
  clearMocks();
});

type Call = { cmd: string; args: Record<string, unknown> };

function mockCore(handle: (cmd: string, args: Record<string, unknown>) => unknown) {
  const calls: Call[] = [];
  mockIPC(
    (cmd, args) => {
      const a = (args ?? {}) as Record<string, unknown>;
      calls.push({ cmd, args: a });
      if (cmd === "portal_list") return [portal];
      if (cmd === "access_overview") return overview;
      return handle(cmd, a);
    },
    { shouldMockEvents: true },
  );
  return calls;
}

const WRONG_PASSWORD: SignInDiagnosis = {
  verdict: "wrong_password",
  summary: "The password is wrong.",
  steps: LOCKED_OUT.steps.map((s) =>
    s.step === "lockout"
      ? { ...s, outcome: "passed", explanation: "Not locked out." }
      : s.step === "password"
        ? { ...s, outcome: "stopped", explanation: "The password does not match the stored hash." }
        : s,
  ),
  portal_message: "Invalid login attempt.",
  after_attempt: { lockout_enabled: true, lockout_end: null, access_failed_count: 1 },
  attempt_locks_account: false,
};

const user = () => userEvent.setup({ pointerEventsCheck: PointerEventsCheckLevel.Never });

function renderDetails() {
  const onClose = vi.fn();
  renderWithProviders(<ContactDetails portal={portal.id} id={ANN.id} onOpen={() => {}} onClose={onClose} />);
  return onClose;
}

describe("ContactDetails", () => {
  it("shows why the contact cannot sign in and re-checks with a typed password", async () => {
    const calls = mockCore((cmd) => {
      if (cmd === "contact_details") return details();
      if (cmd === "contact_diagnose") return WRONG_PASSWORD;
      return null;
    });
    const u = user();
    renderDetails();

    const panel = await screen.findByTestId("diagnosis", {}, { timeout: 5_000 });
    expect(panel.getAttribute("data-verdict")).toBe("locked_out");
    expect(within(panel).getByTestId("diagnosis-verdict").textContent).toBe("Locked out");
    expect(within(panel).getByTestId("diagnosis-summary").textContent).toBe("Ann Lee is locked out after 5 failed passwords.");
    expect(within(panel).getAllByTestId("diagnosis-step").map((s) => [s.getAttribute("data-step"), s.getAttribute("data-outcome")])).toEqual([
      ["local_login", "passed"],
      ["find_user", "passed"],
      ["unique_email", "passed"],
      ["active", "passed"],
      ["login_enabled", "passed"],
      ["lockout", "stopped"],
      ["password", "not_checked"],
      ["two_factor", "not_checked"],
    ]);
    expect(within(panel).getByTestId("diagnosis-portal-message").textContent).toContain("The account is locked out.");
    expect(screen.getByTestId("contact-lockout").textContent).toMatch(/^Locked out until /);

    await u.type(screen.getByTestId("diagnosis-password"), "Summer#2027");
    await u.click(screen.getByTestId("diagnosis-check"));

    await waitFor(() => expect(screen.getByTestId("diagnosis").getAttribute("data-verdict")).toBe("wrong_password"));
    expect(screen.getByTestId("diagnosis-mode").textContent).toBe("Checked with the password you typed.");
    expect(screen.getByTestId("diagnosis-portal-message").textContent).toContain("Invalid login attempt.");
    expect(screen.getByTestId("diagnosis-after-attempt").textContent).toContain("would make it 1 failed attempt.");
    expect(calls.filter((c) => c.cmd === "contact_diagnose").map((c) => c.args)).toEqual([
      { portal: portal.id, id: ANN.id, password: "Summer#2027" },
    ]);
    expect((screen.getByTestId("diagnosis-password") as HTMLInputElement).value).toBe("");
  }, 15_000);

  it("unlocks the contact and shows the refreshed state and diagnosis", async () => {
    let unlocked = false;
    const calls = mockCore((cmd) => {
      if (cmd === "contact_details") {
        return unlocked
          ? details(
              { ...ANN, lockout_end: null, access_failed_count: 0 },
              { ...LOCKED_OUT, verdict: "password_not_checked", summary: "Every step up to the password passes.", portal_message: null },
            )
          : details();
      }
      if (cmd === "contact_act") {
        unlocked = true;
        return { ...ANN, lockout_end: null, access_failed_count: 0 };
      }
      return null;
    });
    const u = user();
    renderDetails();

    await u.click(await screen.findByTestId("contact-action-unlock", {}, { timeout: 5_000 }));

    await waitFor(() => expect(screen.getByTestId("contact-lockout").textContent).toBe("Not locked"));
    expect(screen.getByTestId("diagnosis").getAttribute("data-verdict")).toBe("password_not_checked");
    expect(screen.getByTestId("contact-failed-count").textContent).toBe("0 of 5 before a lockout");
    expect((screen.getByTestId("contact-action-unlock") as HTMLButtonElement).disabled).toBe(true);
    expect(calls.find((c) => c.cmd === "contact_act")?.args).toEqual({ portal: portal.id, id: ANN.id, action: { action: "unlock" } });
  }, 15_000);

  it("shows the password policy's message verbatim when a new password is refused", async () => {
    const policy = "Passwords must be at least 8 characters. Passwords must have at least one digit ('0'-'9').";
    const calls = mockCore((cmd) => {
      if (cmd === "contact_details") return details();
      if (cmd === "contact_set_password") throw { code: "validation", message: policy, fields: [{ field: "password", code: "invalid_value", message: policy }] };
      return null;
    });
    const u = user();
    renderDetails();

    await u.click(await screen.findByTestId("contact-set-password", {}, { timeout: 5_000 }));
    const dialog = await screen.findByTestId("contact-password-dialog");
    await u.type(within(dialog).getByTestId("contact-new-password"), "short");
    await u.click(within(dialog).getByTestId("contact-password-save"));

    const shown = await within(dialog).findByText(policy);
    expect(shown.closest(".fui-Field")?.querySelector("[data-testid=contact-new-password]")).toBeTruthy();
    expect(calls.find((c) => c.cmd === "contact_set_password")?.args).toEqual({ portal: portal.id, id: ANN.id, password: "short" });
  }, 15_000);

  it("closes from its Close button", async () => {
    mockCore((cmd) => (cmd === "contact_details" ? details() : null));
    const u = user();
    const onClose = renderDetails();

    await u.click(await screen.findByTestId("contact-close", {}, { timeout: 5_000 }));
    expect(onClose).toHaveBeenCalledOnce();
  });

  it("marks the contact whose e-mail another contact has too, and only then", async () => {
    const other = row(2, { email: ANN.email?.toUpperCase() ?? null, active: false, email_shared: true });
    mockCore((cmd) => (cmd === "contact_details" ? { ...details(), same_email: [other] } : null));
    renderDetails();
    const badge = await screen.findByTestId("status-email-shared", {}, { timeout: 5_000 });
    expect(badge.textContent).toBe("Shared e-mail");
    expect(screen.getByTestId("contact-same-email").textContent).toContain("1 other contact shares this e-mail address.");
    cleanup();
    clearMocks();

    mockCore((cmd) => (cmd === "contact_details" ? details() : null));
    renderDetails();
    await screen.findByTestId("status-locked", {}, { timeout: 5_000 });
    expect(screen.queryByTestId("status-email-shared")).toBeNull();
    expect(screen.queryByTestId("contact-same-email")).toBeNull();
  }, 15_000);

  it("sends each security, identity and role action to the core as the action it names", async () => {
    const calls = mockCore((cmd) => {
      if (cmd === "contact_details") return details();
      if (cmd === "contact_act") return ANN;
      return null;
    });
    const u = user();
    renderDetails();
    await screen.findByTestId("diagnosis", {}, { timeout: 5_000 });
    const actions = () => calls.filter((c) => c.cmd === "contact_act").map((c) => c.args.action as { action: string });
    const acted = () => actions().map((a) => a.action);
    const last = () => actions().at(-1);

    await u.click(screen.getByTestId("contact-action-sign_out_everywhere"));
    await waitFor(() => expect(acted()).toEqual(["sign_out_everywhere"]));
    await u.click(screen.getByTestId("contact-action-disable_login"));
    await waitFor(() => expect(acted()).toEqual(["sign_out_everywhere", "disable_login"]));

    // Identities: the one linked is unlinked by its id; a new one is linked with provider and key.
    await u.click(screen.getByTestId("identity-unlink"));
    await waitFor(() => expect(last()).toEqual({
      action: "unlink_identity",
      identity_id: ANN.identities[0].id,
    }));
    await u.click(screen.getByTestId("identity-provider"));
    await u.paste("Google");
    await u.click(screen.getByTestId("identity-user-key"));
    await u.paste("108234");
    await u.click(screen.getByTestId("identity-link"));
    await waitFor(() => expect(last()).toEqual({
      action: "link_identity",
      provider: "Google",
      user_key: "108234",
    }));

    // Roles: the assigned one can be unassigned; another is picked and assigned.
    await u.click(screen.getByTestId("contact-role-unassign"));
    await waitFor(() => expect(last()).toEqual({
      action: "unassign_role",
      role_id: ROLE.administrators.id,
    }));
    await u.click(screen.getByTestId("contact-role-pick"));
    await u.click(await screen.findByRole("option", { name: ROLE.legacy.name }));
    await u.click(screen.getByTestId("contact-role-assign"));
    await waitFor(() => expect(last()).toEqual({
      action: "assign_role",
      role_id: ROLE.legacy.id,
    }));
    expect(calls.filter((c) => c.cmd === "contact_act").every((c) => c.args.id === ANN.id && c.args.portal === portal.id)).toBe(true);
  }, 20_000);
});
