// The Web roles page against a mocked core: roles with their kind badges and the posture
// warnings, what a role is linked to, a field error from the core, and removing a used role
// only after the core's own account of what it unlinks has been confirmed.
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { screen, waitFor, within } from "@testing-library/react";
import userEvent, { PointerEventsCheckLevel } from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import { ROLE, overview, portal } from "../../test/access";
import { renderWithProviders } from "../../test/render";
import { RolesPage } from "./RolesPage";

afterEach(() => clearMocks());

function mockCore(handle: (cmd: string, args: Record<string, unknown>) => unknown) {
  const calls: { cmd: string; args: Record<string, unknown> }[] = [];
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

const row = (name: string) => {
  const found = screen.getAllByTestId("role-row").find((r) => r.getAttribute("data-name") === name);
  if (!found) throw new Error(`no row for ${name}`);
  return found;
};

describe("RolesPage", () => {
  it("lists every role with its kind and the portal's posture warnings", async () => {
    mockCore(() => null);
    renderWithProviders(<RolesPage />);

    await screen.findAllByTestId("role-row");
    expect(screen.getAllByTestId("role-row").map((r) => r.getAttribute("data-name"))).toEqual([
      "Administrators",
      "Anonymous Users",
      "Authenticated Users",
      "Legacy partners",
    ]);
    expect(within(row("Anonymous Users")).getByTestId("role-badge-anonymous")).toBeTruthy();
    expect(within(row("Authenticated Users")).getByTestId("role-badge-authenticated")).toBeTruthy();
    expect(within(row("Legacy partners")).getByTestId("role-badge-inactive")).toBeTruthy();
    expect(within(row("Administrators")).queryByTestId("role-badge-inactive")).toBeNull();
    expect(row("Administrators").textContent).toContain("2 table permissions · 1 page rule · 1 website access record");

    const warnings = screen.getAllByTestId("posture-warning");
    expect(warnings.map((w) => w.getAttribute("data-code"))).toEqual(["anonymous_global_read", "role_grants_nothing"]);
    expect(warnings[0].textContent).toContain("Anonymous visitors can read every knowledgearticle record");
  });

  it("opens a role with what it is linked to and shows the core's field error next to the switch", async () => {
    const message = '"Anonymous Users" is already the anonymous users role; a portal has at most one.';
    const calls = mockCore((cmd) => {
      if (cmd === "role_save") throw { code: "validation", message, fields: [{ field: "anonymous_users_role", code: "taken", message }] };
      return null;
    });
    const user = userEvent.setup({ pointerEventsCheck: PointerEventsCheckLevel.Never });
    renderWithProviders(<RolesPage />);

    await user.click(await screen.findByRole("button", { name: "Administrators" }));
    const editor = await screen.findByTestId("role-editor");
    expect(within(editor).getByTestId("role-website-access").textContent).toContain("Content editors");
    expect(within(editor).getByTestId("role-page-rules").textContent).toContain("Grant Change to Content");
    const linked = within(editor).getAllByTestId("role-permission");
    expect(linked.map((p) => p.getAttribute("data-name"))).toEqual(["Preview custom access", "Public articles"]);
    expect(linked[0].textContent).toContain("Unknown (756150005)");
    expect(within(editor).getByTestId("role-members").textContent).toContain("Contacts arrive with the Contacts page");

    await user.click(within(editor).getByTestId("role-anonymous"));
    await user.click(within(editor).getByTestId("role-save"));

    const shown = await within(editor).findByText(message);
    expect(shown.closest(".fui-Field")?.querySelector("[data-testid=role-anonymous]")).toBeTruthy();
    expect(calls.find((c) => c.cmd === "role_save")?.args).toEqual({
      portal: portal.id,
      role: { ...ROLE.administrators, anonymous_users_role: true },
    });
  }, 15_000); // The first dialog of a file mounts slowly in jsdom.

  it("removes a used role only after confirming what the core says it unlinks", async () => {
    const unlinks =
      'web role "Administrators" is used by 2 table permission(s), 1 page rule(s) and 1 website access record(s); removing it unlinks them. Confirm to remove it';
    const calls = mockCore((cmd, args) => {
      if (cmd !== "role_remove") return null;
      if (!args.confirmed) throw { code: "confirmation_required", message: unlinks, fields: [] };
      return {
        role: ROLE.administrators,
        table_permissions: ["Public articles", "Preview custom access"],
        page_rules: ["Grant Change to Content"],
        website_access: ["Content editors"],
        removed: true,
      };
    });
    const user = userEvent.setup({ pointerEventsCheck: PointerEventsCheckLevel.Never });
    renderWithProviders(<RolesPage />);

    await user.click(await screen.findByRole("button", { name: "Administrators" }));
    await user.click(await screen.findByTestId("role-remove"));
    await user.click(await screen.findByTestId("role-remove-confirm"));

    const shown = await screen.findByTestId("role-remove-message");
    expect(shown.textContent).toContain('Web role "Administrators" is used by 2 table permission(s), 1 page rule(s)');
    expect(shown.textContent).toContain("removing it unlinks them");
    expect(screen.getByTestId("role-remove-confirm").textContent).toBe("Unlink and remove");

    await user.click(screen.getByTestId("role-remove-confirm"));
    expect((await screen.findByTestId("roles-message")).textContent).toBe(
      "Removed web role Administrators. Unlinked from Public articles, Preview custom access, Grant Change to Content, Content editors.",
    );
    expect(calls.filter((c) => c.cmd === "role_remove").map((c) => c.args)).toEqual([
      { portal: portal.id, role: ROLE.administrators.id, confirmed: false },
      { portal: portal.id, role: ROLE.administrators.id, confirmed: true },
    ]);
    await waitFor(() => expect(screen.queryByTestId("role-editor")).toBeNull());
  });
});
