// The Page access page against a mocked core: page access rules with their page's place in the
// tree and their roles, a new rule sent as the core's PageRule after a field error, a right code
// the app does not know kept through an edit, and website access edited, and removed only after
// confirming.
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { screen, waitFor, within } from "@testing-library/react";
import userEvent, { PointerEventsCheckLevel } from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import type { AccessOverview, PageRule } from "../../api";
import { PAGE, ROLE, overview, portal } from "../../test/access";
import { renderWithProviders } from "../../test/render";
import { PageAccessPage } from "./PageAccessPage";

afterEach(() => clearMocks());

const NIL_ID = "00000000-0000-0000-0000-000000000000";

function mockCore(handle: (cmd: string, args: Record<string, unknown>) => unknown, answer: AccessOverview = overview) {
  const calls: { cmd: string; args: Record<string, unknown> }[] = [];
  mockIPC(
    (cmd, args) => {
      const a = (args ?? {}) as Record<string, unknown>;
      calls.push({ cmd, args: a });
      if (cmd === "portal_list") return [portal];
      if (cmd === "access_overview") return answer;
      return handle(cmd, a);
    },
    { shouldMockEvents: true },
  );
  return calls;
}

const rowOf = (testId: string, name: string) => {
  const found = screen.getAllByTestId(testId).find((r) => r.getAttribute("data-name") === name);
  if (!found) throw new Error(`no ${testId} for ${name}`);
  return found;
};

const user = () => userEvent.setup({ pointerEventsCheck: PointerEventsCheckLevel.Never });

describe("PageAccessPage", () => {
  it("lists page rules with right, scope, page path and roles, and website access with its rights", async () => {
    mockCore(() => null);
    renderWithProviders(<PageAccessPage />);

    await screen.findAllByTestId("page-rule-row");
    expect(screen.getAllByTestId("page-rule-row").map((r) => r.getAttribute("data-name"))).toEqual([
      "Grant Change to Content",
      "Support for signed-in contacts",
    ]);
    const support = rowOf("page-rule-row", "Support for signed-in contacts");
    expect(within(support).getByTestId("page-rule-right").textContent).toBe("Restrict Read");
    expect(within(support).getByTestId("page-rule-scope").textContent).toBe("All content");
    expect(within(support).getByTestId("page-rule-page").textContent).toBe("Home / Support");
    expect(within(support).getAllByTestId("role-badge").map((b) => b.textContent)).toEqual(["Authenticated Users"]);

    const editors = rowOf("website-access-row", "Content editors");
    expect(editors.getAttribute("data-rights")).toBe("manage_content_snippets manage_web_link_sets");
    expect(within(editors).getAllByTestId("role-badge").map((b) => b.textContent)).toEqual(["Administrators"]);
  });

  it("saves a new page rule as the core's PageRule after showing the core's field error next to its field", async () => {
    const required = "A rule name is required.";
    const calls = mockCore((cmd, args) => {
      if (cmd !== "page_rule_save") return null;
      const rule = args.rule as PageRule;
      if (rule.name === "") throw { code: "validation", message: required, fields: [{ field: "name", code: "required", message: required }] };
      return { ...rule, id: "e5000000-0000-4000-8000-000000000009" };
    });
    const u = user();
    renderWithProviders(<PageAccessPage />);

    await u.click(await screen.findByTestId("page-rule-add"));
    const editor = await screen.findByTestId("page-rule-editor");
    await u.click(within(editor).getByTestId("page-rule-save"));
    const shown = await within(editor).findByText(required);
    expect(shown.closest(".fui-Field")?.querySelector("[data-testid=page-rule-name]")).toBeTruthy();

    // The page list shows each page under its ancestors, after "No page".
    const pageSelect = within(editor).getByTestId("page-rule-page") as HTMLSelectElement;
    expect([...pageSelect.options].map((o) => o.text)).toEqual(["No page", "Home", "Home / Support", "Home / Support / My cases"]);

    await u.type(within(editor).getByTestId("page-rule-name"), "Case editors");
    await u.selectOptions(within(editor).getByTestId("page-rule-right"), "grant_change");
    await u.selectOptions(within(editor).getByTestId("page-rule-scope"), "exclude_direct_child_web_files");
    await u.selectOptions(pageSelect, PAGE.cases.id);
    await u.click(within(editor).getByTestId("page-rule-roles"));
    await u.click(await screen.findByTestId("role-option-Administrators"));
    await u.click(within(editor).getByTestId("page-rule-save"));

    expect((await screen.findByTestId("page-access-message")).textContent).toBe("Saved page access rule Case editors.");
    expect(calls.filter((c) => c.cmd === "page_rule_save").at(-1)?.args).toEqual({
      portal: portal.id,
      rule: {
        id: NIL_ID,
        name: "Case editors",
        description: null,
        right: { right: "grant_change" },
        scope: { scope: "exclude_direct_child_web_files" },
        page_id: PAGE.cases.id,
        active: true,
        role_ids: [ROLE.administrators.id],
      },
    });
    await waitFor(() => expect(screen.queryByTestId("page-rule-editor")).toBeNull());
  }, 15_000); // The first dialog of a file mounts slowly in jsdom.

  it("keeps a right and scope code it does not know when a rule is edited", async () => {
    const odd: PageRule = {
      id: "e5000000-0000-4000-8000-000000000003",
      name: "Imported rule",
      description: "From a newer portal",
      right: { right: "unknown", code: 3 },
      scope: { scope: "unknown", code: 7 },
      page_id: null,
      active: true,
      role_ids: [],
    };
    const calls = mockCore((cmd, args) => (cmd === "page_rule_save" ? args.rule : null), {
      ...overview,
      model: { ...overview.model, page_rules: [...overview.model.page_rules, odd] },
    });
    const u = user();
    renderWithProviders(<PageAccessPage />);

    await screen.findAllByTestId("page-rule-row");
    const row = rowOf("page-rule-row", "Imported rule");
    expect(within(row).getByTestId("page-rule-right").textContent).toBe("Unknown right (3)");
    expect(within(row).getByTestId("page-rule-page").textContent).toBe("No page");
    await u.click(within(row).getByTestId("page-rule-edit"));
    const editor = await screen.findByTestId("page-rule-editor");
    await u.type(within(editor).getByTestId("page-rule-name"), " (checked)");
    await u.click(within(editor).getByTestId("page-rule-save"));

    await screen.findByTestId("page-access-message");
    expect(calls.find((c) => c.cmd === "page_rule_save")?.args.rule).toEqual({ ...odd, name: "Imported rule (checked)" });
  });

  it("sends every switch of an edited website access permission with its id", async () => {
    const editors = overview.model.website_access[0];
    const calls = mockCore((cmd, args) => (cmd === "website_access_save" ? args.access : null));
    const u = user();
    renderWithProviders(<PageAccessPage />);

    await screen.findAllByTestId("website-access-row");
    await u.click(within(rowOf("website-access-row", "Content editors")).getByTestId("website-access-edit"));
    const editor = await screen.findByTestId("website-access-editor");
    await u.click(within(editor).getByTestId("website-access-manage_site_markers"));
    await u.click(within(editor).getByTestId("website-access-manage_content_snippets"));
    await u.click(within(editor).getByTestId("website-access-save"));

    expect((await screen.findByTestId("page-access-message")).textContent).toBe("Saved website access permission Content editors.");
    expect(calls.find((c) => c.cmd === "website_access_save")?.args).toEqual({
      portal: portal.id,
      access: { ...editors, manage_site_markers: true, manage_content_snippets: false },
    });
  });

  it("removes a website access permission only after confirmation", async () => {
    const editors = overview.model.website_access[0];
    const calls = mockCore((cmd) => (cmd === "website_access_remove" ? editors : null));
    const u = user();
    renderWithProviders(<PageAccessPage />);

    await screen.findAllByTestId("website-access-row");
    await u.click(within(rowOf("website-access-row", "Content editors")).getByTestId("website-access-remove"));
    expect((await screen.findByTestId("website-access-remove-text")).textContent).toContain("lose the front-side rights it grants");
    expect(calls.some((c) => c.cmd === "website_access_remove")).toBe(false);

    await u.click(screen.getByTestId("website-access-remove-confirm"));
    expect((await screen.findByTestId("page-access-message")).textContent).toBe("Removed website access permission Content editors.");
    expect(calls.filter((c) => c.cmd === "website_access_remove").map((c) => c.args)).toEqual([{ portal: portal.id, id: editors.id }]);
    await waitFor(() => expect(screen.queryByTestId("website-access-remove-text")).toBeNull());
  });
});
