// The Authentication page against a mocked core: findings and their fixes, typed fields that
// save through the core and show its refusals inline, search, and the password tester.
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { screen, waitFor, within } from "@testing-library/react";
// Pointer-events checks read computed styles on every click, which is slow in jsdom with Fluent.
import userEvent, { PointerEventsCheckLevel } from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import type { EffectiveSetting, Finding, PasswordReport, Portal, SettingsOverview } from "../../api";
import { renderWithProviders } from "../../test/render";
import { effectiveSetting } from "../../test/settings";
import { AuthSettingsPage } from "./AuthSettingsPage";

const portal: Portal = {
  id: "3f6e1c2a-9b7d-4e8f-a1c5-7d2e9b4f6a08",
  name: "Contoso Customer Self-Service",
  url: "https://contoso-selfservice.powerappsportals.com/",
  environment_url: "https://contoso.crm4.dynamics.com/",
  app_id: "6f3c2b8e-1d4a-4e5b-9a7c-2b1e8d9f0a31",
  owner: null,
  state: "running",
  key_lifetime_days: 730,
  created_at: "2026-11-22T00:00:00Z",
  updated_at: "2026-11-22T00:00:00Z",
};

const REGISTRATION = "Authentication/Registration/Enabled";
const LOCKOUT = "Authentication/UserManager/DefaultAccountLockoutTimeSpan";
const COOKIE = "Authentication/ApplicationCookie/ExpireTimeSpan";
const SLIDING = "Authentication/ApplicationCookie/SlidingExpiration";

/** A catalogued setting (text, sign-in group unless told otherwise). */
function setting(name: string, fields: Partial<EffectiveSetting>): EffectiveSetting {
  return effectiveSetting(name, { in_catalogue: true, kind: { type: "text" }, group: "sign_in", ...fields });
}

const trap: Finding = {
  id: `timespan_trap:${LOCKOUT.toLowerCase()}`,
  rule: "timespan_trap",
  severity: "error",
  setting: LOCKOUT,
  title: `${LOCKOUT} is 24 days, not 24 hours`,
  explanation: ".NET reads hours above 23 as days.",
  fix: { label: "Set to 1.00:00:00", action: { action: "set_value", name: LOCKOUT, value: "1.00:00:00" } },
};

const demo: Finding = {
  id: "demo_mode:authentication/registration/isdemomode",
  rule: "demo_mode",
  severity: "warning",
  setting: "Authentication/Registration/IsDemoMode",
  title: "Demo mode is on",
  explanation: "E-mail verification is bypassed for local requests.",
  fix: null,
};

const overview: SettingsOverview = {
  findings: [trap, demo],
  record_count: 3,
  settings: [
    setting(REGISTRATION, {
      kind: { type: "bool" },
      group: "registration",
      description: "Enables or disables every form of user registration.",
      default: "true",
      effective: "true",
      notes: ["Not set: the runtime uses the default, true."],
    }),
    setting("Authentication/Registration/OpenRegistrationEnabled", {
      kind: { type: "bool" },
      group: "registration",
      default: "true",
      effective: "true",
      inactive_because: `Has no effect while ${REGISTRATION} is false.`,
    }),
    setting(LOCKOUT, {
      kind: { type: "time_span" },
      group: "lockout",
      description: "How long an account stays locked.",
      default: "1.00:00:00",
      record_id: "8d7f0a8e-0000-4000-8000-000000000001",
      stored: "24:00:00",
      effective: "24.00:00:00",
      source: "stored",
      changed: true,
      resettable: true,
      notes: ["\"24:00:00\" means 24 days to the runtime, not 24 hours (hours above 23 are read as days). Write 1.00:00:00 for 24 hours."],
    }),
    setting(COOKIE, {
      kind: { type: "time_span" },
      group: "application_cookie",
      description: "How long a sign-in lasts.",
      default: "1.00:00:00",
      effective: "1.00:00:00",
    }),
    setting(SLIDING, {
      kind: { type: "bool" },
      group: "application_cookie",
      description: "Renews the cookie when more than half of its lifetime has passed.",
      default: "true",
      // A record holding the default, as a reset leaves it.
      record_id: "8d7f0a8e-0000-4000-8000-000000000003",
      stored: "true",
      effective: "true",
      source: "stored",
    }),
    setting("Authentication/OpenIdConnect/AzureADB2C/ClientId", { group: "provider", record_id: "8d7f0a8e-0000-4000-8000-000000000002" }),
    setting("Search/Enabled", { in_catalogue: false, kind: null, group: null, stored: "true", effective: "true" }),
  ],
};

afterEach(() => clearMocks());

/** Mocks the core; `handle` answers the commands a test is about and records their arguments. */
function mockCore(handle: (cmd: string, args: Record<string, unknown>) => unknown) {
  const calls: { cmd: string; args: Record<string, unknown> }[] = [];
  mockIPC(
    (cmd, args) => {
      const a = (args ?? {}) as Record<string, unknown>;
      calls.push({ cmd, args: a });
      if (cmd === "portal_list") return [portal];
      if (cmd === "settings_overview") return overview;
      return handle(cmd, a);
    },
    { shouldMockEvents: true },
  );
  return calls;
}

describe("AuthSettingsPage", () => {
  it("shows the checker's findings and applies a fix by the finding's id", async () => {
    const calls = mockCore((cmd) => (cmd === "settings_fix" ? [demo] : null));
    const user = userEvent.setup({ pointerEventsCheck: PointerEventsCheckLevel.Never });
    renderWithProviders(<AuthSettingsPage />);

    const finding = await screen.findByTestId(`finding-${trap.id}`);
    expect(within(finding).getByText(trap.title)).toBeTruthy();
    expect(screen.getByText("Demo mode is on")).toBeTruthy();
    expect(screen.queryByTestId(`fix-${demo.id}`)).toBeNull();

    const overviewLoads = calls.filter((c) => c.cmd === "settings_overview").length;
    await user.click(screen.getByTestId(`fix-${trap.id}`));
    await waitFor(() => expect(calls.some((c) => c.cmd === "settings_fix")).toBe(true));
    expect(calls.find((c) => c.cmd === "settings_fix")?.args).toEqual({ portal: portal.id, findingId: trap.id });
    // The page reloads what the core now says.
    await waitFor(() => expect(calls.filter((c) => c.cmd === "settings_overview").length).toBeGreaterThan(overviewLoads));
  });

  it("shows a value the core refuses with its message under that field", async () => {
    const message = "\"24:00:00\" would mean 24 days to the portal, not 24 hours (.NET reads hours above 23 as days). Write 1.00:00:00 for 24 hours.";
    const calls = mockCore((cmd) => {
      if (cmd === "settings_set") throw { code: "validation", message, fields: [{ field: "value", code: "invalid_value", message }] };
      return null;
    });
    const user = userEvent.setup({ pointerEventsCheck: PointerEventsCheckLevel.Never });
    renderWithProviders(<AuthSettingsPage />);

    const row = await screen.findByTestId(`setting-${COOKIE}`);
    const input = within(row).getByTestId("setting-input");
    await user.type(input, "24:00:00{Enter}");

    const shown = await within(row).findByText(message);
    expect(shown.closest(".fui-Field")?.querySelector("[data-testid=setting-input]")).toBe(input);
    expect(calls.filter((c) => c.cmd === "settings_set").map((c) => c.args)).toEqual([
      { portal: portal.id, name: COOKIE, value: "24:00:00" },
    ]);
    // What was typed stays, ready to correct.
    expect((input as HTMLInputElement).value).toBe("24:00:00");
  });

  it("saves a switch at once and shows each setting's default, notes and dependency", async () => {
    const calls = mockCore((cmd, args) => (cmd === "settings_set" ? { ...overview.settings[0], effective: args.value } : null));
    const user = userEvent.setup({ pointerEventsCheck: PointerEventsCheckLevel.Never });
    renderWithProviders(<AuthSettingsPage />);

    const lockout = await screen.findByTestId(`setting-${LOCKOUT}`);
    expect(within(lockout).getByText("Changed")).toBeTruthy();
    expect(within(lockout).getByText("Default: 1.00:00:00")).toBeTruthy();
    expect(within(lockout).getByText(/means 24 days to the runtime/)).toBeTruthy();
    expect(within(lockout).getByTestId("setting-effective").textContent).toBe("The portal reads: 24.00:00:00");
    expect(within(screen.getByTestId(`setting-${COOKIE}`)).queryByTestId("setting-effective")).toBeNull();
    expect(within(lockout).getByTestId("setting-reset")).toBeTruthy();
    const open = screen.getByTestId("setting-Authentication/Registration/OpenRegistrationEnabled");
    expect(within(open).getByText(`Has no effect while ${REGISTRATION} is false.`)).toBeTruthy();

    await user.click(within(screen.getByTestId(`setting-${REGISTRATION}`)).getByRole("switch"));
    await waitFor(() =>
      expect(calls.find((c) => c.cmd === "settings_set")?.args).toEqual({ portal: portal.id, name: REGISTRATION, value: "false" }),
    );
  });

  it("lists only portal-wide catalogue settings and filters them by the search box", async () => {
    mockCore(() => null);
    const user = userEvent.setup({ pointerEventsCheck: PointerEventsCheckLevel.Never });
    renderWithProviders(<AuthSettingsPage />);

    await screen.findByTestId(`setting-${REGISTRATION}`);
    expect(screen.queryByTestId("setting-Authentication/OpenIdConnect/AzureADB2C/ClientId")).toBeNull();
    expect(screen.queryByTestId("setting-Search/Enabled")).toBeNull();

    const search = screen.getByTestId("settings-search");
    await user.type(search, "stays locked");
    expect(screen.getByTestId(`setting-${LOCKOUT}`)).toBeTruthy();
    expect(screen.queryByTestId(`setting-${REGISTRATION}`)).toBeNull();
    expect(screen.queryByTestId("settings-group-registration")).toBeNull();

    // A group's title finds its settings, though neither name nor description says "application cookie".
    await user.clear(search);
    await user.type(search, "application cookie");
    expect(screen.getByTestId(`setting-${COOKIE}`)).toBeTruthy();
    expect(screen.queryByTestId(`setting-${LOCKOUT}`)).toBeNull();

    // Words may be apart in the label ("Expire time span"), and every one must be found.
    await user.clear(search);
    await user.type(search, "expire span");
    expect(screen.getByTestId(`setting-${COOKIE}`)).toBeTruthy();
    expect(screen.queryByTestId(`setting-${LOCKOUT}`)).toBeNull();
    await user.type(search, " nowhere");
    expect(screen.getByTestId("settings-no-match")).toBeTruthy();
  });

  it("offers a reset only where it would change something, and resets through the core", async () => {
    const calls = mockCore((cmd) => (cmd === "settings_reset" ? overview.settings[2] : null));
    const user = userEvent.setup({ pointerEventsCheck: PointerEventsCheckLevel.Never });
    renderWithProviders(<AuthSettingsPage />);

    const sliding = await screen.findByTestId(`setting-${SLIDING}`);
    expect(within(sliding).queryByTestId("setting-reset")).toBeNull();
    expect(within(sliding).queryByText("Changed")).toBeNull();
    await user.click(within(screen.getByTestId(`setting-${LOCKOUT}`)).getByTestId("setting-reset"));
    await waitFor(() =>
      expect(calls.find((c) => c.cmd === "settings_reset")?.args).toEqual({ portal: portal.id, name: LOCKOUT }),
    );
  });

  it("tests a sample password and shows the portal's exact error text and each rule", async () => {
    const error =
      "Passwords must be at least 8 characters. Passwords must contain characters from at least three of the following four classes: uppercase, lowercase, digit, and non-alphanumeric (special).";
    const report: PasswordReport = {
      accepted: false,
      error,
      length: 3,
      classes: { uppercase: false, lowercase: true, digit: false, non_letter_or_digit: false },
      policy: {
        required_length: 8,
        require_non_letter_or_digit: false,
        require_digit: false,
        require_lowercase: false,
        require_uppercase: false,
        enforce_password_policy: true,
      },
      checks: [
        { rule: "length", applies: true, passed: false, requirement: "At least 8 characters", message: "Passwords must be at least 8 characters." },
        { rule: "digit", applies: false, passed: true, requirement: "A digit", message: null },
        { rule: "lowercase", applies: true, passed: true, requirement: "A lowercase letter", message: null },
      ],
    };
    const calls = mockCore((cmd) => (cmd === "password_test" ? report : null));
    const user = userEvent.setup({ pointerEventsCheck: PointerEventsCheckLevel.Never });
    renderWithProviders(<AuthSettingsPage />);

    await user.type(await screen.findByTestId("password-candidate"), "abc");
    const shown = await screen.findByTestId("password-error");
    expect(shown.textContent).toContain(error);
    expect(screen.getByTestId("password-verdict").textContent).toBe("Rejected");
    expect(screen.getByTestId("password-check-length").getAttribute("data-state")).toBe("fail");
    expect(screen.getByTestId("password-check-digit").getAttribute("data-state")).toBe("off");
    expect(screen.getByTestId("password-check-lowercase").getAttribute("data-state")).toBe("pass");
    const tested = calls.filter((c) => c.cmd === "password_test").map((c) => c.args);
    expect(tested.at(-1)).toEqual({ portal: portal.id, password: "abc" });
  });
});
