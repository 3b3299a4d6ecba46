// The Effective access page against a mocked core: the chosen principal goes to the core as is
// (a chosen contact with the roles its details hold), and its answer shows as granted and denied cells that explain themselves, page decisions with
// their reasons, and the website access union with its sources.
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { screen, waitFor, within } from "@testing-library/react";
import userEvent, { PointerEventsCheckLevel } from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import type { EffectiveAccess, Principal } from "../../api";
import { PAGE, PERMISSION, ROLE, overview, portal } from "../../test/access";
import { ANN, details, row } from "../../test/contacts";
import { renderWithProviders } from "../../test/render";
import { EffectiveAccessPage } from "./EffectiveAccessPage";

afterEach(() => clearMocks());

const denied = (privilege: EffectiveAccess["tables"][number]["privileges"][number]["privilege"]) => ({
  privilege,
  granted: false,
  granted_by: [],
});

/** A signed-in contact with Administrators (plus, implicitly, Authenticated Users). */
function contactAccess(principal: Principal): EffectiveAccess {
  return {
    principal,
    roles: ["Administrators", "Authenticated Users"],
    tables: [
      {
        table: "incident",
        privileges: [
          { privilege: "read", granted: true, granted_by: [PERMISSION.cases.id] },
          denied("write"),
          { privilege: "create", granted: true, granted_by: [PERMISSION.cases.id] },
          denied("delete"),
          { privilege: "append", granted: true, granted_by: [PERMISSION.cases.id] },
          denied("append_to"),
        ],
        grants: [
          {
            permission_id: PERMISSION.cases.id,
            permission_name: "Account cases",
            scope: { scope: "parent" },
            scope_name: "Parent",
            privileges: PERMISSION.cases.privileges,
            via_roles: ["Authenticated Users"],
            parent_chain: ["Customer accounts"],
          },
        ],
      },
    ],
    pages: [
      { page_id: PAGE.home.id, page_name: "Home", partial_url: "/", depth: 0, read: allowedRead, change: grantChange(null) },
      { page_id: PAGE.support.id, page_name: "Support", partial_url: "support", depth: 1, read: restrictRead(null), change: grantChange("Home") },
      { page_id: PAGE.cases.id, page_name: "My cases", partial_url: "cases", depth: 2, read: restrictRead("Support"), change: grantChange("Home") },
    ],
    website_access: {
      manage_content_snippets: true,
      manage_site_markers: false,
      manage_web_link_sets: true,
      preview_unpublished_entities: false,
      from: ["Content editors"],
    },
  };
}

const allowedRead = {
  allowed: true,
  rule_id: null,
  rule_name: null,
  inherited_from: null,
  reason: "No Restrict Read rule applies: everyone can read it.",
};

const restrictRead = (inherited: string | null) => ({
  allowed: true,
  rule_id: "e5000000-0000-4000-8000-000000000002",
  rule_name: "Support for signed-in contacts",
  inherited_from: inherited,
  reason: 'Restrict Read rule "Support for signed-in contacts" on Support includes one of the roles.',
});

const grantChange = (inherited: string | null) => ({
  allowed: true,
  rule_id: "e5000000-0000-4000-8000-000000000001",
  rule_name: "Grant Change to Content",
  inherited_from: inherited,
  reason: 'Grant Change rule "Grant Change to Content" on Home includes one of the roles.',
});

function mockCore() {
  const principals: Principal[] = [];
  mockIPC(
    (cmd, args) => {
      if (cmd === "portal_list") return [portal];
      if (cmd === "access_overview") return overview;
      if (cmd === "contact_page") return { rows: [row(1, { id: ANN.id, name: "Ann Lee", email: ANN.email, username: ANN.username })], next: null };
      if (cmd === "contact_details") return details({ ...ANN, role_ids: [ROLE.administrators.id, ROLE.legacy.id] });
      if (cmd === "access_effective") {
        const { principal } = args as { principal: Principal };
        principals.push(principal);
        if (principal.kind === "anonymous") {
          return { ...contactAccess(principal), roles: ["Anonymous Users"], tables: [], website_access: { ...contactAccess(principal).website_access, from: [] } };
        }
        return contactAccess(principal);
      }
      return null;
    },
    { shouldMockEvents: true },
  );
  return principals;
}

describe("EffectiveAccessPage", () => {
  it("sends the chosen principal and explains granted and denied cells, pages and website access", async () => {
    const principals = mockCore();
    const user = userEvent.setup({ pointerEventsCheck: PointerEventsCheckLevel.Never });
    renderWithProviders(<EffectiveAccessPage />);

    // An anonymous visitor first: every table the portal has permissions on shows, all denied here.
    expect((await screen.findByTestId("effective-roles")).textContent).toContain("Anonymous Users");
    expect(screen.getByTestId("cell-knowledgearticle-read").getAttribute("data-granted")).toBe("false");

    await user.selectOptions(screen.getByTestId("principal-kind"), "roles");
    await user.click(screen.getByTestId("principal-roles"));
    await user.click(await screen.findByTestId("role-option-Administrators"));
    await waitFor(() =>
      expect(principals.at(-1)).toEqual({ kind: "contact", contact: "(roles given)", role_ids: [ROLE.administrators.id] }),
    );
    expect(principals[0]).toEqual({ kind: "anonymous" });
    await waitFor(() => expect(screen.getByTestId("effective-roles").textContent).toContain("Administrators"));

    const matrix = screen.getByTestId("table-matrix");
    const read = within(matrix).getByTestId("cell-incident-read");
    expect(read.getAttribute("data-granted")).toBe("true");
    expect(within(matrix).getByTestId("cell-incident-delete").getAttribute("data-granted")).toBe("false");

    await user.click(within(read).getByRole("button"));
    const why = await screen.findByTestId("cell-explanation");
    expect(why.textContent).toContain("Read on incident is granted by:");
    expect(why.textContent).toContain("Account cases — Parent scope, through Authenticated Users; parent chain: Customer accounts");

    await user.click(within(within(matrix).getByTestId("cell-incident-delete")).getByRole("button"));
    await waitFor(() =>
      expect(screen.getAllByTestId("cell-explanation").at(-1)?.textContent).toBe("No permission of these roles grants Delete on incident."),
    );

    const pages = screen.getByTestId("page-matrix");
    const inherited = within(pages).getByTestId("page-My cases-read");
    expect(inherited.getAttribute("data-allowed")).toBe("true");
    expect(inherited.textContent).toContain('Restrict Read rule "Support for signed-in contacts" on Support includes one of the roles.');
    expect(inherited.textContent).toContain("Inherited from Support.");
    expect(within(pages).getByTestId("page-Home-read").textContent).not.toContain("Inherited");
    expect(within(pages).getAllByTestId("page-row").map((r) => r.getAttribute("data-depth"))).toEqual(["0", "1", "2"]);

    expect(screen.getByTestId("website-manage_content_snippets").getAttribute("data-granted")).toBe("true");
    expect(screen.getByTestId("website-manage_site_markers").getAttribute("data-granted")).toBe("false");
    expect(screen.getByTestId("website-access-from").textContent).toBe("From Content editors.");
  }, 15_000);

  it("asks the core about exactly one role", async () => {
    const principals = mockCore();
    const user = userEvent.setup({ pointerEventsCheck: PointerEventsCheckLevel.Never });
    renderWithProviders(<EffectiveAccessPage />);

    await screen.findByTestId("effective-roles");
    await user.selectOptions(screen.getByTestId("principal-kind"), "role");
    expect(screen.getByText("Choose a web role.")).toBeTruthy();
    await user.selectOptions(screen.getByTestId("principal-role"), ROLE.legacy.id);
    await waitFor(() => expect(principals.at(-1)).toEqual({ kind: "role", role_id: ROLE.legacy.id }));
  });

  it("sends a chosen contact's own role ids with its name", async () => {
    const principals = mockCore();
    const user = userEvent.setup({ pointerEventsCheck: PointerEventsCheckLevel.Never });
    renderWithProviders(<EffectiveAccessPage />);

    await screen.findByTestId("effective-roles");
    await user.selectOptions(screen.getByTestId("principal-kind"), "contact");
    expect(screen.getByText("Choose a contact from the suggestions.")).toBeTruthy();
    await user.type(screen.getByTestId("effective-contact-picker"), "ann");
    await user.click(await screen.findByTestId("contact-option"));

    await waitFor(() =>
      expect(principals.at(-1)).toEqual({ kind: "contact", contact: "Ann Lee", role_ids: [ROLE.administrators.id, ROLE.legacy.id] }),
    );
    await waitFor(() => expect(screen.getByTestId("effective-roles").textContent).toContain("Roles that count for Ann Lee:"));
    expect(screen.getByTestId("effective-roles").textContent).toContain("Authenticated Users");
  }, 30_000); // Typing into the picker and waiting out its search pause is slow in jsdom.
});
