// The Table permissions page against a mocked core: parent chains as a tree, the filters, an
// editor that asks only for what the chosen scope needs, the core's field errors next to their
// fields, and removal that names the child permissions going with it.
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { screen, within } from "@testing-library/react";
import userEvent, { PointerEventsCheckLevel } from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import { PERMISSION, ROLE, overview, portal } from "../../test/access";
import { renderWithProviders } from "../../test/render";
import { PermissionsPage } from "./PermissionsPage";

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

const rows = () =>
  screen.getAllByTestId("permission-row").map((r) => [r.getAttribute("data-name"), Number(r.getAttribute("data-depth"))]);

const row = (name: string) => {
  const found = screen.getAllByTestId("permission-row").find((r) => r.getAttribute("data-name") === name);
  if (!found) throw new Error(`no row for ${name}`);
  return found;
};

describe("PermissionsPage", () => {
  it("shows parent chains as a tree with scope, privileges and roles, and filters it", async () => {
    mockCore(() => null);
    const user = userEvent.setup({ pointerEventsCheck: PointerEventsCheckLevel.Never });
    renderWithProviders(<PermissionsPage />);

    await screen.findAllByTestId("permission-row");
    // Each child directly under its parent, one level deeper.
    expect(rows()).toEqual([
      ["Customer accounts", 0],
      ["Account cases", 1],
      ["Case notes", 2],
      ["Preview custom access", 0],
      ["Public articles", 0],
    ]);
    expect(row("Case notes").getAttribute("data-parent")).toBe("Account cases");
    expect(within(row("Customer accounts")).getByTestId("scope-badge").getAttribute("data-scope")).toBe("contact");
    expect(within(row("Account cases")).getByTestId("scope-badge").getAttribute("data-scope")).toBe("parent");
    expect(within(row("Preview custom access")).getByTestId("scope-badge").textContent).toBe("Unknown (756150005)");
    expect(within(row("Account cases")).getByTestId("privileges").getAttribute("data-privileges")).toBe("R C A");
    expect(within(row("Customer accounts")).getByTestId("privileges").getAttribute("data-privileges")).toBe("R W AT");
    expect(row("Public articles").textContent).toContain("Anonymous Users, Administrators");

    // A match deep in a chain keeps its ancestors as context.
    await user.selectOptions(screen.getByTestId("filter-table"), "annotation");
    expect(rows()).toEqual([
      ["Customer accounts", 0],
      ["Account cases", 1],
      ["Case notes", 2],
    ]);
    await user.selectOptions(screen.getByTestId("filter-table"), "");
    await user.selectOptions(screen.getByTestId("filter-role"), ROLE.administrators.id);
    expect(rows()).toEqual([
      ["Preview custom access", 0],
      ["Public articles", 0],
    ]);
    await user.selectOptions(screen.getByTestId("filter-scope"), "global");
    expect(rows()).toEqual([["Public articles", 0]]);
  });

  it("asks only for what the scope needs and shows the core's field error next to its field", async () => {
    const message =
      "Parent scope needs the parent relationship: the schema name of the relationship from the parent's table to this table.";
    const calls = mockCore((cmd) => {
      if (cmd === "permission_save") {
        throw { code: "validation", message, fields: [{ field: "parent_relationship", code: "required", message }] };
      }
      return null;
    });
    const user = userEvent.setup({ pointerEventsCheck: PointerEventsCheckLevel.Never });
    renderWithProviders(<PermissionsPage />);

    await user.click(await screen.findByTestId("permission-add"));
    const editor = await screen.findByTestId("permission-editor");
    const shows = (testId: string) => within(editor).queryByTestId(testId) !== null;
    const explanation = () => within(editor).getByTestId("permission-scope-explanation").textContent;

    expect(explanation()).toContain("Global: every record of the table");
    expect([shows("permission-contact-relationship"), shows("permission-parent"), shows("permission-parent-relationship")]).toEqual([
      false,
      false,
      false,
    ]);

    await user.selectOptions(within(editor).getByTestId("permission-scope"), "contact");
    expect(explanation()).toContain("Needs the contact relationship");
    expect([shows("permission-contact-relationship"), shows("permission-account-relationship"), shows("permission-parent")]).toEqual([
      true,
      false,
      false,
    ]);
    await user.type(within(editor).getByTestId("permission-contact-relationship"), "contact_incidents");

    await user.selectOptions(within(editor).getByTestId("permission-scope"), "self");
    expect(shows("permission-self-note")).toBe(true);
    expect(shows("permission-contact-relationship")).toBe(false);

    await user.selectOptions(within(editor).getByTestId("permission-scope"), "parent");
    expect(explanation()).toContain("Needs the parent permission and the parent relationship");
    expect([shows("permission-contact-relationship"), shows("permission-parent"), shows("permission-parent-relationship")]).toEqual([
      false,
      true,
      true,
    ]);
    await user.type(within(editor).getByTestId("permission-name"), "Case tasks");
    await user.type(within(editor).getByTestId("permission-table"), "task");
    await user.selectOptions(within(editor).getByTestId("permission-parent"), PERMISSION.cases.id);
    await user.click(within(editor).getByTestId("permission-privilege-create"));
    await user.click(within(editor).getByTestId("permission-roles"));
    await user.click(await screen.findByTestId("role-option-Authenticated Users"));
    await user.click(within(editor).getByTestId("permission-save"));

    const shown = await within(editor).findByText(message);
    expect(shown.closest(".fui-Field")?.querySelector("[data-testid=permission-parent-relationship]")).toBeTruthy();
    expect(calls.find((c) => c.cmd === "permission_save")?.args).toEqual({
      portal: portal.id,
      permission: {
        id: "00000000-0000-0000-0000-000000000000",
        name: "Case tasks",
        table: "task",
        scope: { scope: "parent" },
        privileges: { read: true, write: false, create: true, delete: false, append: false, append_to: false },
        // What was typed for Contact scope is not sent once the scope is Parent.
        contact_relationship: null,
        account_relationship: null,
        parent_id: PERMISSION.cases.id,
        parent_relationship: null,
        active: true,
        role_ids: [ROLE.authenticated.id],
      },
    });
  }, 15_000); // The first dialog of a file mounts slowly in jsdom.

  it("says that removing a permission removes the permissions under it", async () => {
    const calls = mockCore((cmd) => (cmd === "permission_remove" ? ["Customer accounts", "Account cases", "Case notes"] : null));
    const user = userEvent.setup({ pointerEventsCheck: PointerEventsCheckLevel.Never });
    renderWithProviders(<PermissionsPage />);

    await screen.findAllByTestId("permission-row");
    await user.click(within(row("Customer accounts")).getByTestId("permission-remove"));
    expect((await screen.findByTestId("permission-remove-text")).textContent).toContain(
      "The permissions under it (Parent scope) are removed with it: Account cases, Case notes.",
    );
    await user.click(screen.getByTestId("permission-remove-confirm"));
    expect((await screen.findByTestId("permissions-message")).textContent).toBe("Removed Customer accounts, Account cases, Case notes.");
    expect(calls.find((c) => c.cmd === "permission_remove")?.args).toEqual({ portal: portal.id, permission: PERMISSION.accounts.id });
  });
});
