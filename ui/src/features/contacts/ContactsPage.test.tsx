// The Contacts page against a mocked core holding a million contacts: the first rows and the
// total, counts with grouped digits, the short lock badge, pages fetched as scrolling reaches them,
// the filter the chips and the search send, a bulk action from preview through progress to undo,
// the column chooser and the CSV export of the filtered list; a list read ahead renders at once.
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { emit } from "@tauri-apps/api/event";
import { cleanup, fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEvent, { PointerEventsCheckLevel } from "@testing-library/user-event";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { NO_CONTACT_FILTER, prefetchContactList, type BulkPreview, type ContactFilter } from "../../api";
import { overview } from "../../test/access";
import { contactId, pageOf, portal } from "../../test/contacts";
import { renderWithProviders, testQueryClient } from "../../test/render";
import { ContactsPage } from "./ContactsPage";
import { scrollScale } from "./scaledScroll";

const TOTAL = 1_000_000;

// jsdom lays nothing out; the list's scroll container gets a viewport of 20 rows.
const clientHeight = Object.getOwnPropertyDescriptor(HTMLElement.prototype, "clientHeight");
beforeAll(() => {
  Object.defineProperty(HTMLElement.prototype, "clientHeight", {
    configurable: true,
    get(this: HTMLElement) {
      return this.dataset.testid === "contacts-table" ? 640 : 0;
    },
  });
});
afterAll(() => {
  if (clientHeight) Object.defineProperty(HTMLElement.prototype, "clientHeight", clientHeight);
});
afterEach(() => {
  // Unmount while the mocked core is still there: the bulk dialog stops listening to its events.
  cleanup();
  clearMocks();
  localStorage.clear();
});

type Call = { cmd: string; args: Record<string, unknown> };

function mockCore(handle: (cmd: string, args: Record<string, unknown>) => unknown = () => undefined) {
  const calls: Call[] = [];
  mockIPC(
    (cmd, args) => {
      const a = (args ?? {}) as Record<string, unknown>;
      calls.push({ cmd, args: a });
      if (cmd === "portal_list") return [portal];
      if (cmd === "access_overview") return overview;
      // Unhandled (undefined) falls through to the million contacts.
      const handled = handle(cmd, a);
      if (handled !== undefined) return handled;
      if (cmd === "contact_count") return TOTAL;
      if (cmd === "contact_page") return pageOf(a.query as { offset: number; limit: number }, TOTAL);
      return null;
    },
    { shouldMockEvents: true },
  );
  return calls;
}

const filtersSent = (calls: Call[], cmd: "contact_page" | "contact_count") =>
  calls.filter((c) => c.cmd === cmd).map((c) => (cmd === "contact_page" ? (c.args.query as { filter: ContactFilter }).filter : (c.args.filter as ContactFilter)));

const user = () => userEvent.setup({ pointerEventsCheck: PointerEventsCheckLevel.Never });

// Fluent's first render in a file is slow in jsdom (styles are inserted one by one).
const firstRows = () => screen.findAllByTestId("contact-row", {}, { timeout: 5_000 });

describe("ContactsPage", () => {
  it("renders the rows and the total read ahead in its first commit, without asking the core again", async () => {
    const calls = mockCore();
    const client = testQueryClient();
    await prefetchContactList(client, portal.id);
    expect(calls.map((c) => c.cmd).sort()).toEqual(["contact_count", "contact_page"]);
    expect(filtersSent(calls, "contact_page")).toEqual([NO_CONTACT_FILTER]);
    expect((calls.find((c) => c.cmd === "contact_page")?.args.query as { sort: string }).sort).toBe("name");

    renderWithProviders(<ContactsPage />, client);
    // Once the portal is known, the very render that mounts the table has its rows.
    const rows = await screen.findAllByTestId("contact-row", {}, { timeout: 5_000 });
    expect(rows[0].getAttribute("data-contact-id")).toBe(contactId(0));
    expect(screen.getByTestId("contacts-table").getAttribute("data-total")).toBe(String(TOTAL));
    expect(screen.queryAllByTestId("contact-row-loading")).toEqual([]);
    expect(calls.filter((c) => c.cmd === "contact_page" || c.cmd === "contact_count").length).toBe(2);
  });

  it("shows the first page of a million contacts with the total, fetching only the rows in view", async () => {
    const calls = mockCore();
    renderWithProviders(<ContactsPage />);

    const rows = await firstRows();
    expect(rows[0].getAttribute("data-contact-id")).toBe(contactId(0));
    expect(within(rows[0]).getByText("Contact0 Example")).toBeTruthy();
    expect(within(rows[0]).getByTestId("contact-open")).toBeTruthy();
    // 20 rows fill the viewport; a few more are rendered ahead, never the whole page.
    expect(rows.length).toBeGreaterThanOrEqual(20);
    expect(rows.length).toBeLessThan(100);

    const table = screen.getByTestId("contacts-table");
    expect(table.getAttribute("data-total")).toBe("1000000");
    expect(screen.getByTestId("contacts-count").textContent).toBe("1,000,000 contacts");
    await waitFor(() => expect(Number(table.getAttribute("data-first-page-ms"))).toBeGreaterThanOrEqual(0));

    expect(calls.filter((c) => c.cmd === "contact_page").map((c) => c.args)).toEqual([
      { portal: portal.id, query: { filter: NO_CONTACT_FILTER, sort: "name", after: null, offset: 0, limit: 100 } },
    ]);
  }, 15_000);

  it("prints counts with grouped digits, a lock as a short badge with its end in a tooltip, and a shared e-mail", async () => {
    const lockoutEnd = "2099-11-23T03:19:00Z";
    mockCore((cmd, args) => {
      if (cmd === "contact_count") return 1_000_032;
      const query = args.query as { offset: number; limit: number } | undefined;
      if (cmd === "contact_page" && query) {
        const page = pageOf(query, 1_000_032);
        // Row 0 is locked out as the core says; row 1 has a lockout end, but the core says it is
        // not locked out (lockout is off for it), and the view takes the core's word; it also
        // shares its e-mail with another contact.
        const shaped = [
          { lockout_end: lockoutEnd, locked_until: lockoutEnd, email_confirmed: false },
          { lockout_end: lockoutEnd, lockout_enabled: false, locked_until: null, email_shared: true },
        ];
        return { ...page, rows: page.rows.map((r, i) => ({ ...r, ...shaped[i] })) };
      }
      return undefined;
    });
    const u = user();
    renderWithProviders(<ContactsPage />);

    const rows = await firstRows();
    expect(screen.getByTestId("contacts-count").textContent).toBe("1,000,032 contacts");
    expect(screen.getByTestId("contacts-select-all").textContent).toBe("Select all 1,000,032 matching");

    const locked = within(rows[0]).getByTestId("status-locked");
    expect(locked.textContent).toBe("Locked");
    expect(locked.getAttribute("data-locked-until")).toBe(lockoutEnd);
    expect(within(rows[0]).getByTestId("status-unconfirmed")).toBeTruthy();
    expect(within(rows[1]).queryByTestId("status-locked")).toBeNull();
    const shared = within(rows[1]).getByTestId("status-email-shared");
    expect(shared.textContent).toBe("Shared e-mail");
    expect(shared.getAttribute("aria-label")).toBe("Shared e-mail: another contact has it too, and the portal refuses sign-in to all of them");
    expect(rows.filter((r) => within(r).queryByTestId("status-email-shared") !== null)).toHaveLength(1);
    await u.hover(locked);
    expect((await screen.findByRole("tooltip")).textContent).toContain("Locked until");
    expect(screen.getByRole("tooltip").textContent).toContain("2099-11-23 03:19:00 UTC");

    await u.click(screen.getByTestId("contacts-select-all"));
    expect(screen.getByTestId("contacts-selection").textContent).toContain("All 1,000,032 matching contacts are selected.");
    await u.click(screen.getByTestId("contacts-bulk"));
    await u.click(await screen.findByTestId("bulk-unlock"));
    expect((await screen.findByTestId("bulk-dialog")).textContent).toContain("Unlock · 1,000,032 selected contacts");
  }, 15_000);

  it("fetches the page of 100 that scrolling reaches, with skeleton lines until it arrives", async () => {
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    const calls = mockCore((cmd, args) => {
      const query = args.query as { offset: number; limit: number } | undefined;
      if (cmd === "contact_page" && query && query.offset >= 500_000) return held.then(() => pageOf(query, TOTAL));
      return undefined;
    });
    renderWithProviders(<ContactsPage />);
    await firstRows();

    // Halfway down a million rows: the real scroll range is scaled, row 500,000 is at the top.
    const table = screen.getByTestId("contacts-table");
    table.scrollTop = (500_000 * 32) / scrollScale(TOTAL * 32, 640);
    fireEvent.scroll(table);

    // The rows in view wait for their page; the few above them come from the page before, already here.
    expect((await screen.findAllByTestId("contact-row-loading")).length).toBeGreaterThanOrEqual(20);
    const shownIds = () => screen.queryAllByTestId("contact-row").map((r) => r.getAttribute("data-contact-id"));
    expect(shownIds()).not.toContain(contactId(500_000));
    expect(shownIds()).toContain(contactId(499_999));
    const offsets = calls.filter((c) => c.cmd === "contact_page").map((c) => (c.args.query as { offset: number }).offset);
    expect(offsets).toContain(500_000);
    expect(offsets.every((o) => o % 100 === 0)).toBe(true);

    release();
    await waitFor(() => expect(shownIds()).toContain(contactId(500_000)));
    expect(screen.queryAllByTestId("contact-row-loading")).toEqual([]);
  }, 15_000);

  it("sends the chips, the role and the search to the core as the contact filter", async () => {
    const calls = mockCore();
    const u = user();
    renderWithProviders(<ContactsPage />);
    await firstRows();

    // The filters render just after the first rows.
    await u.click(await screen.findByTestId("filter-locked_out"));
    await waitFor(() => expect(filtersSent(calls, "contact_count").at(-1)).toEqual({ ...NO_CONTACT_FILTER, locked_out: true }));
    await waitFor(() => expect(filtersSent(calls, "contact_page").at(-1)).toEqual({ ...NO_CONTACT_FILTER, locked_out: true }));

    await u.click(screen.getByTestId("filter-inactive"));
    await waitFor(() =>
      expect(filtersSent(calls, "contact_page").at(-1)).toEqual({ ...NO_CONTACT_FILTER, locked_out: true, active: false }),
    );

    await u.click(screen.getByTestId("filter-locked_out"));
    await u.click(screen.getByTestId("filter-inactive"));
    await u.type(screen.getByTestId("contacts-search"), "ann");
    await waitFor(() => expect(filtersSent(calls, "contact_page").at(-1)).toEqual({ ...NO_CONTACT_FILTER, search: "ann" }));
    // The search waits for typing to pause: no request for "a" or "an".
    expect(filtersSent(calls, "contact_page").some((f) => f.search === "a" || f.search === "an")).toBe(false);

    await u.click(screen.getByTestId("contacts-search-words"));
    await waitFor(() => expect(filtersSent(calls, "contact_page").at(-1)).toEqual({ ...NO_CONTACT_FILTER, full_text: "ann" }));
  }, 15_000);

  it("previews a bulk action on the chosen contacts, applies it with progress and undoes it", async () => {
    const preview: BulkPreview = {
      description: "Unlock",
      selected: 2,
      changing: 1,
      unchanged: 1,
      lines: [
        { contact_id: contactId(1), contact: "Contact1 Example", field: "lockout_end", before: "2099-01-01 10:00 UTC", after: "—" },
        { contact_id: contactId(1), contact: "Contact1 Example", field: "access_failed_count", before: "5", after: "0" },
      ],
      truncated: true,
    };
    let finish: () => void = () => {};
    const calls = mockCore((cmd) => {
      if (cmd === "bulk_preview") return preview;
      if (cmd === "bulk_apply") {
        void emit("bulk-progressed", { done: 1, total: 2 });
        return new Promise((resolve) => {
          finish = () => resolve({ batch_id: 7, changed: 1, description: "Unlock" });
        });
      }
      if (cmd === "bulk_undo") return { batch_id: 8, changed: 1, description: "Undo of Unlock" };
      return undefined;
    });
    const u = user();
    renderWithProviders(<ContactsPage />);

    const rows = await firstRows();
    await u.click(within(rows[0]).getByTestId("contact-select"));
    await u.click(within(rows[1]).getByTestId("contact-select"));
    expect(screen.getByTestId("contacts-selection").textContent).toContain("2 selected.");
    await u.click(screen.getByTestId("contacts-bulk"));
    await u.click(await screen.findByTestId("bulk-unlock"));

    const dialog = await screen.findByTestId("bulk-dialog");
    expect((await within(dialog).findByTestId("bulk-summary")).textContent).toContain("1 of 2 selected contacts change; 1 already is as wanted");
    const lines = within(dialog).getAllByTestId("bulk-line");
    expect(lines.map((l) => l.textContent)).toEqual([
      "Contact1 Examplelockout_end2099-01-01 10:00 UTC→—",
      "Contact1 Exampleaccess_failed_count5→0",
    ]);
    expect(within(dialog).getByTestId("bulk-more").textContent).toContain("and more");
    const target = { by: "ids", ids: [contactId(0), contactId(1)] };
    expect(calls.find((c) => c.cmd === "bulk_preview")?.args).toEqual({ portal: portal.id, target, action: { action: "unlock" } });

    await u.click(within(dialog).getByTestId("bulk-apply"));
    await waitFor(() => expect(within(dialog).getByTestId("bulk-progress").getAttribute("aria-valuenow")).toBe("0.5"));
    expect(within(dialog).getByText("1 of 2 contacts")).toBeTruthy();
    expect(within(dialog).getByTestId("bulk-cancel")).toBeTruthy();
    expect(calls.find((c) => c.cmd === "bulk_apply")?.args).toEqual({ portal: portal.id, target, action: { action: "unlock" } });

    finish();
    expect((await within(dialog).findByTestId("bulk-result")).textContent).toBe("Unlock: 1 contact changed.");
    await u.click(within(dialog).getByTestId("bulk-undo"));
    expect((await within(dialog).findByTestId("bulk-undone")).textContent).toBe("Undone: 1 contact restored.");
    expect(calls.find((c) => c.cmd === "bulk_undo")?.args).toEqual({ portal: portal.id, batchId: 7 });
  }, 15_000); // The first dialog of a file mounts slowly in jsdom.

  it("makes the filter itself the bulk target once every matching contact is selected", async () => {
    const calls = mockCore((cmd) =>
      cmd === "bulk_preview" ? { description: "Confirm e-mail", selected: TOTAL, changing: 0, unchanged: TOTAL, lines: [], truncated: false } : undefined,
    );
    const u = user();
    renderWithProviders(<ContactsPage />);
    await firstRows();

    await u.click(await screen.findByTestId("filter-unconfirmed_email"));
    await waitFor(() => expect(filtersSent(calls, "contact_count").at(-1)?.unconfirmed_email).toBe(true));
    await u.click(await screen.findByTestId("contacts-select-all"));
    expect(screen.getByTestId("contacts-selection").textContent).toContain("All 1,000,000 matching contacts are selected.");
    await u.click(screen.getByTestId("contacts-bulk"));
    await u.click(await screen.findByTestId("bulk-confirm_email"));

    const dialog = await screen.findByTestId("bulk-dialog");
    expect((await within(dialog).findByTestId("bulk-summary")).textContent).toContain("0 of 1,000,000 selected contacts change");
    expect((within(dialog).getByTestId("bulk-apply") as HTMLButtonElement).disabled).toBe(true);
    expect(calls.find((c) => c.cmd === "bulk_preview")?.args.target).toEqual({
      by: "filter",
      filter: { ...NO_CONTACT_FILTER, unconfirmed_email: true },
    });
  }, 15_000);

  it("hides a column chosen off in the column chooser and remembers the choice", async () => {
    mockCore();
    const u = user();
    renderWithProviders(<ContactsPage />);
    await firstRows();
    const headers = () => screen.getAllByRole("columnheader").map((h) => h.textContent);
    expect(headers()).toContain("E-mail");

    await u.click(await screen.findByTestId("contacts-columns"));
    await u.click(await screen.findByTestId("column-email"));
    await waitFor(() => expect(headers()).not.toContain("E-mail"));
    expect(JSON.parse(localStorage.getItem("portal-admin.contact-columns") ?? "[]")).not.toContain("email");
    expect(within((await firstRows())[0]).queryByText("contact0@example.com")).toBeNull();

    // A page opened later starts with the remembered columns.
    cleanup();
    mockCore();
    renderWithProviders(<ContactsPage />);
    await firstRows();
    expect(headers()).not.toContain("E-mail");
    expect(headers()).toContain("User name");
  }, 15_000);

  it("exports what the current filter covers to the file the administrator picks", async () => {
    const calls = mockCore((cmd) => {
      if (cmd === "plugin:dialog|save") return "/home/admin/locked.csv";
      if (cmd === "contact_export_csv") return 3;
      return undefined;
    });
    const u = user();
    renderWithProviders(<ContactsPage />);
    await firstRows();

    await u.click(await screen.findByTestId("filter-locked_out"));
    await u.click(screen.getByTestId("contacts-export"));
    expect((await screen.findByTestId("contacts-message")).textContent).toBe("Exported 3 contacts to /home/admin/locked.csv.");
    expect(calls.find((c) => c.cmd === "contact_export_csv")?.args).toEqual({
      portal: portal.id,
      filter: { ...NO_CONTACT_FILTER, locked_out: true },
      path: "/home/admin/locked.csv",
    });
  }, 15_000);
});
