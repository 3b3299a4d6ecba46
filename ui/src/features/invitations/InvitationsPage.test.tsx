// The Invitations page against a mocked core: the list with status, use and expiry, revoking
// after confirmation and reactivating, marking one sent, creating one with a generated code or with
// an inviter and an account, editing one from its values with its contacts named, and the core's
// invitation_used_up message when a code cannot be redeemed.
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { cleanup, screen, waitFor, within } from "@testing-library/react";
import userEvent, { PointerEventsCheckLevel } from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import type { Invitation } from "../../api";
import { ROLE, overview } from "../../test/access";
import { ANN, INVITATION, portal, row as contactRow } from "../../test/contacts";
import { renderWithProviders } from "../../test/render";
import { InvitationsPage } from "./InvitationsPage";

afterEach(() => {
  cleanup();
  clearMocks();
});

type Call = { cmd: string; args: Record<string, unknown> };

function mockCore(handle: (cmd: string, args: Record<string, unknown>) => unknown, list: () => Invitation[] = () => Object.values(INVITATION)) {
  const calls: Call[] = [];
  mockIPC(
    (cmd, args) => {
      const a = (args ?? {}) as Record<string, unknown>;
      calls.push({ cmd, args: a });
      if (cmd === "portal_list") return [portal];
      if (cmd === "access_overview") return overview;
      if (cmd === "invitation_list") return list();
      return handle(cmd, a);
    },
    { shouldMockEvents: true },
  );
  return calls;
}

const row = (code: string) => {
  const found = screen.getAllByTestId("invitation-row").find((r) => r.getAttribute("data-code") === code);
  if (!found) throw new Error(`no row for ${code}`);
  return found;
};

const user = () => userEvent.setup({ pointerEventsCheck: PointerEventsCheckLevel.Never });

describe("InvitationsPage", () => {
  it("lists every invitation, newest first, with its kind, status, use, expiry and roles", async () => {
    mockCore(() => null);
    renderWithProviders(<InvitationsPage />);

    await screen.findAllByTestId("invitation-row", {}, { timeout: 5_000 });
    expect(screen.getAllByTestId("invitation-row").map((r) => r.getAttribute("data-code"))).toEqual(["K7Q2-MX94", "PARTNERS-2027"]);
    const partners = row("PARTNERS-2027");
    expect(within(partners).getByTestId("invitation-redemptions").textContent).toBe("3 / ∞");
    expect(within(partners).getByTestId("invitation-status").textContent).toBe("Sent");
    expect(partners.textContent).toContain("Group");
    expect(partners.textContent).toContain(ROLE.administrators.name);
    const ann = row("K7Q2-MX94");
    expect(within(ann).getByTestId("invitation-redemptions").textContent).toBe("0 / 1");
    expect(within(ann).getByTestId("invitation-status").textContent).toBe("New");
    expect(ann.textContent).toContain("Never");
  });

  it("revokes an invitation only after confirming, and shows it inactive", async () => {
    let revoked = false;
    const calls = mockCore(
      (cmd) => {
        if (cmd === "invitation_revoke") {
          revoked = true;
          return { ...INVITATION.partners, status: "inactive" };
        }
        return null;
      },
      () => [INVITATION.ann, revoked ? { ...INVITATION.partners, status: "inactive" as const } : INVITATION.partners],
    );
    const u = user();
    renderWithProviders(<InvitationsPage />);

    await screen.findAllByTestId("invitation-row", {}, { timeout: 5_000 });
    await u.click(within(row("PARTNERS-2027")).getByTestId("invitation-revoke"));
    expect(calls.some((c) => c.cmd === "invitation_revoke")).toBe(false);
    await u.click(await screen.findByTestId("invitation-revoke-confirm"));

    expect((await screen.findByTestId("invitations-message")).textContent).toBe(
      "Revoked invitation Partner onboarding; its code PARTNERS-2027 can no longer be redeemed.",
    );
    await waitFor(() => expect(within(row("PARTNERS-2027")).getByTestId("invitation-status").textContent).toBe("Inactive"));
    expect(within(row("PARTNERS-2027")).queryByTestId("invitation-revoke")).toBeNull();
    expect(within(row("PARTNERS-2027")).getByTestId("invitation-reactivate")).toBeTruthy();
    expect(calls.find((c) => c.cmd === "invitation_revoke")?.args).toEqual({ portal: portal.id, invitation: INVITATION.partners.id });
  }, 15_000); // The first dialog of a file mounts slowly in jsdom.

  it("creates an invitation with an empty code for the core to generate", async () => {
    const calls = mockCore((cmd) =>
      cmd === "invitation_create" ? { ...INVITATION.partners, id: "f1000000-0000-4000-8000-000000000003", name: "Spring event", code: "Q8ZP-4K2M" } : null,
    );
    const u = user();
    renderWithProviders(<InvitationsPage />);

    await u.click(await screen.findByTestId("invitations-new", {}, { timeout: 5_000 }));
    const dialog = await screen.findByTestId("invitation-dialog");
    await u.type(within(dialog).getByTestId("invitation-name"), "Spring event");
    await u.click(within(dialog).getByTestId("invitation-kind-group"));
    await u.type(within(dialog).getByTestId("invitation-max"), "50");
    await u.click(within(dialog).getByTestId("invitation-save"));

    expect((await screen.findByTestId("invitations-message")).textContent).toBe("Created invitation Spring event with code Q8ZP-4K2M.");
    expect(calls.find((c) => c.cmd === "invitation_create")?.args).toEqual({
      portal: portal.id,
      draft: {
        name: "Spring event",
        code: null,
        kind: "group",
        max_redemptions: 50,
        expiry_date: null,
        invited_contact_ids: [],
        inviter_contact_id: null,
        assign_to_account: null,
        role_ids: [],
      },
    });
  }, 15_000);

  it("sends the chosen inviter's id and the account to assign", async () => {
    const calls = mockCore((cmd) => {
      if (cmd === "contact_page") return { rows: [contactRow(1, { id: ANN.id, name: "Ann Lee", email: ANN.email })], next: null };
      if (cmd === "invitation_create") return { ...INVITATION.partners, id: "f1000000-0000-4000-8000-000000000004", name: "Referral" };
      return null;
    });
    const u = user();
    renderWithProviders(<InvitationsPage />);

    await u.click(await screen.findByTestId("invitations-new", {}, { timeout: 5_000 }));
    const dialog = await screen.findByTestId("invitation-dialog");
    await u.type(within(dialog).getByTestId("invitation-name"), "Referral");
    await u.type(within(dialog).getByTestId("invitation-inviter"), "ann");
    await u.click(await screen.findByTestId("contact-option"));
    await u.type(within(dialog).getByTestId("invitation-account"), "  Contoso Ltd  ");
    await u.click(within(dialog).getByTestId("invitation-save"));

    await waitFor(() => expect(calls.some((c) => c.cmd === "invitation_create")).toBe(true));
    expect(calls.find((c) => c.cmd === "invitation_create")?.args.draft).toMatchObject({
      name: "Referral",
      invited_contact_ids: [],
      inviter_contact_id: ANN.id,
      assign_to_account: "Contoso Ltd",
    });
  }, 30_000);

  it("marks a new invitation sent and reactivates a revoked one through the core's status", async () => {
    let list: Invitation[] = [INVITATION.ann, { ...INVITATION.partners, status: "inactive" }];
    const calls = mockCore(
      (cmd, args) => {
        if (cmd !== "invitation_set_status") return null;
        list = list.map((i) => (i.id === args.invitation ? { ...i, status: args.status as Invitation["status"] } : i));
        return list.find((i) => i.id === args.invitation);
      },
      () => list,
    );
    const u = user();
    renderWithProviders(<InvitationsPage />);

    await screen.findAllByTestId("invitation-row", {}, { timeout: 5_000 });
    expect(within(row("PARTNERS-2027")).queryByTestId("invitation-mark-sent")).toBeNull();
    await u.click(within(row("K7Q2-MX94")).getByTestId("invitation-mark-sent"));
    expect((await screen.findByTestId("invitations-message")).textContent).toBe("Marked invitation Ann's invitation as sent.");
    await waitFor(() => expect(within(row("K7Q2-MX94")).getByTestId("invitation-status").textContent).toBe("Sent"));
    expect(within(row("K7Q2-MX94")).queryByTestId("invitation-mark-sent")).toBeNull();

    await u.click(within(row("PARTNERS-2027")).getByTestId("invitation-reactivate"));
    await waitFor(() => expect(within(row("PARTNERS-2027")).getByTestId("invitation-status").textContent).toBe("New"));
    expect(screen.getByTestId("invitations-message").textContent).toBe("Reactivated invitation Partner onboarding; its code PARTNERS-2027 works again.");
    expect(calls.filter((c) => c.cmd === "invitation_set_status").map((c) => c.args)).toEqual([
      { portal: portal.id, invitation: INVITATION.ann.id, status: "sent" },
      { portal: portal.id, invitation: INVITATION.partners.id, status: "new" },
    ]);
  }, 15_000);

  it("edits an invitation from its values, naming its invited contact, and shows the core's field error", async () => {
    let attempts = 0;
    const calls = mockCore((cmd, args) => {
      if (cmd === "contact_names") return [{ id: INVITATION.ann.invited_contact_ids[0], name: "Ann Lee" }];
      if (cmd !== "invitation_edit") return null;
      attempts += 1;
      if (attempts === 1) {
        throw { code: "validation", message: "invalid", fields: [{ field: "code", code: "taken", message: 'Another invitation already has the code "PARTNERS-2027".' }] };
      }
      return { ...INVITATION.ann, ...(args.draft as object) };
    });
    const u = user();
    renderWithProviders(<InvitationsPage />);

    await screen.findAllByTestId("invitation-row", {}, { timeout: 5_000 });
    await u.click(within(row("K7Q2-MX94")).getByTestId("invitation-edit"));
    const dialog = await screen.findByTestId("invitation-dialog");
    expect(within(dialog).getByText("Edit invitation Ann's invitation")).toBeTruthy();
    expect((within(dialog).getByTestId("invitation-name") as HTMLInputElement).value).toBe("Ann's invitation");
    expect((within(dialog).getByTestId("invitation-max") as HTMLInputElement).value).toBe("1");
    expect(within(dialog).getByTestId("invitation-invited").textContent).toContain("Ann Lee");
    expect(calls.find((c) => c.cmd === "contact_names")?.args).toEqual({ portal: portal.id, ids: INVITATION.ann.invited_contact_ids });

    const code = within(dialog).getByTestId("invitation-code");
    await u.clear(code);
    await u.click(code);
    await u.paste("PARTNERS-2027");
    await u.click(within(dialog).getByTestId("invitation-save"));
    expect(await within(dialog).findByText('Another invitation already has the code "PARTNERS-2027".')).toBeTruthy();

    await u.clear(code);
    await u.click(code);
    await u.paste("ANN-2027");
    await u.click(within(dialog).getByTestId("invitation-save"));
    expect((await screen.findByTestId("invitations-message")).textContent).toBe("Saved invitation Ann's invitation with code ANN-2027.");
    expect(calls.filter((c) => c.cmd === "invitation_edit").at(-1)?.args).toEqual({
      portal: portal.id,
      invitation: INVITATION.ann.id,
      draft: {
        name: "Ann's invitation",
        code: "ANN-2027",
        kind: "single",
        max_redemptions: 1,
        expiry_date: null,
        invited_contact_ids: INVITATION.ann.invited_contact_ids,
        inviter_contact_id: null,
        assign_to_account: null,
        role_ids: [],
      },
    });
  }, 30_000);

  it("shows the core's reason when a code cannot be redeemed", async () => {
    const message = 'The invitation "Ann\'s invitation" has been used up (1 of 1 redemptions).';
    const calls = mockCore((cmd) => {
      if (cmd === "invitation_redeem") throw { code: "invitation_used_up", message, fields: [] };
      if (cmd === "contact_page") return { rows: [], next: null };
      return null;
    });
    const u = user();
    renderWithProviders(<InvitationsPage />);

    await u.click(await screen.findByTestId("invitations-redeem", {}, { timeout: 5_000 }));
    const dialog = await screen.findByTestId("redeem-dialog");
    // Pasted rather than typed: one input event each keeps the test quick on a busy machine.
    await u.click(within(dialog).getByTestId("redeem-code"));
    await u.paste("K7Q2-MX94");
    await u.click(within(dialog).getByTestId("redeem-contact"));
    await u.paste("ann.lee@contoso.com");
    await u.click(within(dialog).getByTestId("redeem-submit"));

    const error = await within(dialog).findByTestId("redeem-error");
    expect(error.getAttribute("data-code")).toBe("invitation_used_up");
    expect(error.textContent).toContain("This invitation has been used up.");
    expect(error.textContent).toContain(message);
    expect(calls.find((c) => c.cmd === "invitation_redeem")?.args).toEqual({ portal: portal.id, code: "K7Q2-MX94", contact: "ann.lee@contoso.com" });
  }, 30_000);
});
