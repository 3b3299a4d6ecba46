// The Portals page against a mocked core: listing, and the core's field errors in the form.
import { mockIPC, clearMocks } from "@tauri-apps/api/mocks";
import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import type { Portal } from "../../api";
import { renderWithProviders } from "../../test/render";
import { PortalsPage } from "./PortalsPage";

const demo: Portal = {
  id: "3f6e1c2a-9b7d-4e8f-a1c5-7d2e9b4f6a08",
  name: "Contoso Customer Self-Service",
  url: "https://contoso-selfservice.powerappsportals.com/",
  environment_url: "https://contoso.crm4.dynamics.com/",
  app_id: "6f3c2b8e-1d4a-4e5b-9a7c-2b1e8d9f0a31",
  owner: "Megan Bowen",
  state: "stopped",
  key_lifetime_days: 730,
  created_at: "2026-11-22T00:00:00Z",
  updated_at: "2026-11-22T00:00:00Z",
};

afterEach(() => clearMocks());

describe("PortalsPage", () => {
  it("lists the portals the core returns with their state", async () => {
    mockIPC((cmd) => (cmd === "portal_list" ? [demo] : null), { shouldMockEvents: true });
    renderWithProviders(<PortalsPage />);
    expect(await screen.findByText("Contoso Customer Self-Service")).toBeTruthy();
    expect(screen.getByText("Stopped")).toBeTruthy();
    expect(screen.getByText("Megan Bowen")).toBeTruthy();
  });

  it("shows the core's validation message next to the field it names", async () => {
    const sent: unknown[] = [];
    mockIPC(
      (cmd, args) => {
        if (cmd === "portal_list") return [];
        if (cmd === "portal_create") {
          sent.push(args);
          throw {
            code: "validation",
            message: "Portal URL must use https:// (got http://).",
            fields: [{ field: "url", code: "not_https", message: "Portal URL must use https:// (got http://)." }],
          };
        }
        return null;
      },
      { shouldMockEvents: true },
    );
    const user = userEvent.setup();
    renderWithProviders(<PortalsPage />);
    await user.click(await screen.findByTestId("portal-add"));
    await user.type(screen.getByTestId("portal-name"), "Fabrikam");
    await user.type(screen.getByTestId("portal-url"), "http://fabrikam");
    await user.click(screen.getByTestId("portal-save"));

    const message = await screen.findByText("Portal URL must use https:// (got http://).");
    // Fluent renders a field's validation message inside the same field wrapper as its input.
    const field = message.closest(".fui-Field");
    expect(field?.querySelector("[data-testid=portal-url]")).toBeTruthy();
    expect(sent).toHaveLength(1);
    expect((sent[0] as { draft: { name: string } }).draft.name).toBe("Fabrikam");
    // The dialog stays open with what was typed.
    expect((screen.getByTestId("portal-name") as HTMLInputElement).value).toBe("Fabrikam");
  });

  it("closes the dialog and selects the new portal after a successful add", async () => {
    let portals: Portal[] = [demo];
    mockIPC(
      (cmd, args) => {
        if (cmd === "portal_list") return portals;
        if (cmd === "portal_create") {
          const draft = (args as { draft: Partial<Portal> }).draft;
          const created = { ...demo, id: "11111111-2222-4333-8444-555555555555", name: draft.name ?? "" };
          portals = [...portals, created];
          return created;
        }
        return null;
      },
      { shouldMockEvents: true },
    );
    const user = userEvent.setup();
    renderWithProviders(<PortalsPage />);
    await user.click(await screen.findByTestId("portal-add"));
    await user.type(screen.getByTestId("portal-name"), "Northwind");
    await user.click(screen.getByTestId("portal-save"));
    await waitFor(() => expect(screen.queryByTestId("portal-name")).toBeNull());
    expect(await screen.findByText("Northwind")).toBeTruthy();
    expect(localStorage.getItem("portal-admin.selected-portal")).toBe("11111111-2222-4333-8444-555555555555");
  });
});
