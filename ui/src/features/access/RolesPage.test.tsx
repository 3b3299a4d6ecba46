// The Web roles page against a mocked core: roles with their kind badges and the posture
// warnings, what a role is linked to, its members and the way to them on the Contacts page, a
// field error from the core, and removing a used role only after the core's own account of what it
// unlinks (records and members) has been confirmed.
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { cleanup, screen, waitFor, within } from "@testing-library/react";
import userEvent, { PointerEventsCheckLevel } from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import { NO_CONTACT_FILTER, type ContactFilter, type ContactRow } from "../../api";
import { NavigationProvider, useNavigation } from "../../components/Navigation";
import { ROLE, overview, portal } from "../../test/access";
import { row as contactRow } from "../../test/contacts";
import { renderWithProviders } from "../../test/render";
import { ContactsPage } from "../contacts/ContactsPage";
import { RolesPage } from "./RolesPage";

afterEach(() => {
  // Unmount while the mocked core is still there: the navigation stops listening to its events.
  cleanup();
  clearMocks();
});

/** Contacts that have a role: how many, and the rows a `contact_page` query answers. */
interface Members {
  count: number;
  rows: ContactRow[];
}

const NO_MEMBERS: Members = { count: 0, rows: [] };

function mockCore(handle: (cmd: string, args: Record<string, unknown>) => unknown, members: Members = NO_MEMBERS) {
  const calls: { cmd: string; args: Record<string, unknown> }[] = [];
  mockIPC(
    (cmd, args) => {
      const a = (args ?? {}) as Record<string, unknown>;
      calls.push({ cmd, args: a });
      if (cmd === "portal_list") return [portal];
      if (cmd === "access_overview") return overview;
      if (cmd === "contact_count") return members.count;
      if (cmd === "contact_page") return { rows: members.rows.slice(0, (a.query as { limit: number }).limit), next: null };
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
    expect((await within(editor).findByTestId("role-members-count")).textContent).toBe("No contact has this role.");

    await user.click(within(editor).getByTestId("role-anonymous"));
    await user.click(within(editor).getByTestId("role-save"));

    const shown = await within(editor).findByText(message);
    expect(shown.closest(".fui-Field")?.querySelector("[data-testid=role-anonymous]")).toBeTruthy();
    expect(calls.find((c) => c.cmd === "role_save")?.args).toEqual({
      portal: portal.id,
      role: { ...ROLE.administrators, anonymous_users_role: true },
    });
  }, 15_000); // The first dialog of a file mounts slowly in jsdom.

  it("lists a role's first members by name with their count and opens the Contacts page filtered by the role", async () => {
    const members: Members = {
      count: 1234,
      rows: Array.from({ length: 25 }, (_, i) => contactRow(i, { email: i === 1 ? null : `member${i}@contoso.com` })),
    };
    const calls = mockCore(() => null, members);
    const user = userEvent.setup({ pointerEventsCheck: PointerEventsCheckLevel.Never });
    // The roles page and the contacts page under one navigation, as in the app.
    function Pages() {
      const { page } = useNavigation();
      return page === "contacts" ? <ContactsPage /> : <RolesPage />;
    }
    renderWithProviders(
      <NavigationProvider>
        <Pages />
      </NavigationProvider>,
    );

    await user.click(await screen.findByRole("button", { name: "Administrators" }));
    const section = await within(await screen.findByTestId("role-editor")).findByTestId("role-members");
    expect((await within(section).findByTestId("role-members-count")).textContent).toBe("1,234 contacts have this role.");
    await waitFor(() => expect(within(section).getAllByTestId("role-member")).toHaveLength(20));
    const listed = within(section).getAllByTestId("role-member");
    expect(listed[0].textContent).toBe("Contact0 Examplemember0@contoso.com");
    expect(listed[1].textContent).toBe("Contact1 Exampleno e-mail");
    expect(within(section).getByTestId("role-members-more").textContent).toBe("The first 20 by name; the Contacts page lists all 1,234.");

    const byRole: ContactFilter = { ...NO_CONTACT_FILTER, role_id: ROLE.administrators.id };
    expect(calls.find((c) => c.cmd === "contact_count")?.args).toEqual({ portal: portal.id, filter: byRole });
    expect(calls.find((c) => c.cmd === "contact_page")?.args).toEqual({
      portal: portal.id,
      query: { filter: byRole, sort: "name", after: null, offset: null, limit: 20 },
    });

    await user.click(within(section).getByTestId("role-members-open"));
    await screen.findByTestId("contacts-page");
    await waitFor(() => expect(screen.getByTestId("contacts-count").textContent).toBe("1,234 contacts"));
    expect(calls.filter((c) => c.cmd === "contact_count").at(-1)?.args.filter).toEqual(byRole);
    expect((screen.getByTestId("filter-role") as HTMLButtonElement).textContent).toContain("Administrators");
  }, 15_000);

  it("removes a used role only after confirming what the core says it unlinks", async () => {
    const unlinks =
      'web role "Administrators" is used by 2 table permission(s), 1 page rule(s), 1 website access record(s) and 3 contact(s); removing it unlinks them. Confirm to remove it';
    const calls = mockCore((cmd, args) => {
      if (cmd !== "role_remove") return null;
      if (!args.confirmed) throw { code: "confirmation_required", message: unlinks, fields: [] };
      return {
        role: ROLE.administrators,
        table_permissions: ["Public articles", "Preview custom access"],
        page_rules: ["Grant Change to Content"],
        website_access: ["Content editors"],
        members: 3,
        removed: true,
      };
    }, { count: 3, rows: [] });
    const user = userEvent.setup({ pointerEventsCheck: PointerEventsCheckLevel.Never });
    renderWithProviders(<RolesPage />);

    await user.click(await screen.findByRole("button", { name: "Administrators" }));
    await user.click(await screen.findByTestId("role-remove"));
    await waitFor(() => expect(screen.getByTestId("role-remove-text").textContent).toContain("3 contacts have this role and lose it"));
    await user.click(screen.getByTestId("role-remove-confirm"));

    const shown = await screen.findByTestId("role-remove-message");
    expect(shown.textContent).toContain('Web role "Administrators" is used by 2 table permission(s), 1 page rule(s)');
    expect(shown.textContent).toContain("1 website access record(s) and 3 contact(s); removing it unlinks them");
    expect(screen.getByTestId("role-remove-confirm").textContent).toBe("Unlink and remove");

    await user.click(screen.getByTestId("role-remove-confirm"));
    expect((await screen.findByTestId("roles-message")).textContent).toBe(
      "Removed web role Administrators. Unlinked from Public articles, Preview custom access, Grant Change to Content, Content editors. 3 contacts no longer have it.",
    );
    expect(calls.filter((c) => c.cmd === "role_remove").map((c) => c.args)).toEqual([
      { portal: portal.id, role: ROLE.administrators.id, confirmed: false },
      { portal: portal.id, role: ROLE.administrators.id, confirmed: true },
    ]);
    await waitFor(() => expect(screen.queryByTestId("role-editor")).toBeNull());
  });
});
