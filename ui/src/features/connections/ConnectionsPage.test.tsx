// The Connections page against a mocked core: the list with sign-in states, the core's field
// errors in the add form, and discovery as a preview applied only when asked.
import { mockIPC, clearMocks } from "@tauri-apps/api/mocks";
import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import type { ConnectionView, Discovery } from "../../api";
import { renderWithProviders } from "../../test/render";
import { ConnectionsPage } from "./ConnectionsPage";

const contoso: ConnectionView = {
  id: "5d1f8a2e-0000-4000-8000-000000000001",
  name: "Contoso",
  tenant: "contoso.onmicrosoft.com",
  client_id: "51f81489-12ee-4a9e-aaae-a2591f45987d",
  authority: "https://login.microsoftonline.com/contoso.onmicrosoft.com/v2.0",
  graph_url: "https://graph.microsoft.com",
  powerplatform_url: "https://api.powerplatform.com",
  discovery_url: "https://globaldisco.crm.dynamics.com",
  method: "delegated",
  certificate_thumbprint: null,
  tenant_id: "72f988bf-86f1-41af-91ab-2d7cd011db47",
  account: "megan@contoso.com",
  token_state: "signin_required",
  signed_in_at: "2026-12-01T09:00:00Z",
  last_error: "sign in to the connection \"Contoso\" again",
  created_at: "2026-12-01T09:00:00Z",
  updated_at: "2026-12-01T09:00:00Z",
  portals: 2,
};

function discovery(applied: boolean): Discovery {
  const portal = {
    id: "11111111-1111-4111-8111-111111111111",
    name: "Partners",
    url: "https://partners.powerappsportals.com/",
    environment_url: "https://contoso.crm.dynamics.com/",
    app_id: "0b8f7c1e-2a3d-4e5f-8a9b-1c2d3e4f5a6b",
    owner: null,
    state: "running" as const,
    key_lifetime_days: 730,
    created_at: "2026-12-05T10:00:00Z",
    updated_at: "2026-12-05T10:00:00Z",
  };
  return {
    preview: {
      connection_id: contoso.id,
      connection_name: "Contoso",
      environments: 1,
      sites: 2,
      added: [
        {
          portal,
          site: {
            portal_id: portal.id,
            connection_id: contoso.id,
            site_id: "site-1",
            environment_id: "env-1",
            environment_name: "Contoso (default)",
            data_model: "enhanced",
            site_type: "Production",
            site_status: "OperationComplete",
            discovered_at: "2026-12-05T10:00:00Z",
            keys_read_at: null,
            keys_error: null,
            key_credentials: null,
          },
          changes: [],
        },
      ],
      updated: [],
      unchanged: 0,
      skipped: [{ name: "Draft site", environment: "Contoso (default)", reason: "the admin API gives it no website record id (websiteRecordId)" }],
    },
    applied,
    keys: applied
      ? [{ portal_id: portal.id, portal_name: "Partners", thumbprint: "AB", not_after: "2028-11-01T00:00:00Z", credentials: 2, read_at: "2026-12-05T10:00:00Z", problems: [], error_code: null, error: null }]
      : [],
  };
}

afterEach(() => clearMocks());

describe("ConnectionsPage", () => {
  it("lists connections with who signed in and says when one must sign in again", async () => {
    mockIPC((cmd) => (cmd === "connection_list" ? [contoso] : null), { shouldMockEvents: true });
    renderWithProviders(<ConnectionsPage />);
    expect(await screen.findByText("Contoso")).toBeTruthy();
    expect(screen.getByText("megan@contoso.com")).toBeTruthy();
    expect(screen.getByText("Sign in again")).toBeTruthy();
    expect(screen.getByText("A person")).toBeTruthy();
  });

  it("shows the core's message next to the tenant field", async () => {
    mockIPC(
      (cmd) => {
        if (cmd === "connection_list") return [];
        if (cmd === "connection_add") {
          throw {
            code: "validation",
            message: "\"common\" is not one tenant.",
            fields: [{ field: "tenant", code: "invalid_value", message: "\"common\" is not one tenant." }],
          };
        }
        return null;
      },
      { shouldMockEvents: true },
    );
    const user = userEvent.setup();
    renderWithProviders(<ConnectionsPage />);
    await user.click(await screen.findByTestId("connection-add"));
    await user.type(screen.getByTestId("connection-name"), "X");
    await user.type(screen.getByTestId("connection-tenant"), "common");
    await user.click(screen.getByTestId("connection-save"));
    const message = await screen.findByText("\"common\" is not one tenant.");
    expect(message.closest(".fui-Field")?.querySelector("[data-testid='connection-tenant']")).toBeTruthy();
  });

  it("previews a discovery and applies it only when asked", async () => {
    const calls: { apply: boolean }[] = [];
    mockIPC(
      (cmd, args) => {
        if (cmd === "connection_list") return [{ ...contoso, token_state: "signed_in" }];
        if (cmd === "discover") {
          const apply = (args as { apply: boolean }).apply;
          calls.push({ apply });
          return discovery(apply);
        }
        return null;
      },
      { shouldMockEvents: true },
    );
    const user = userEvent.setup();
    renderWithProviders(<ConnectionsPage />);
    await user.click(await screen.findByTestId("connection-discover"));
    expect((await screen.findByTestId("discover-summary")).textContent).toContain("1 to add");
    expect(screen.getByText(/no website record id/)).toBeTruthy();
    expect(calls).toEqual([{ apply: false }]);
    await user.click(screen.getByTestId("discover-apply"));
    await waitFor(() => expect(calls).toEqual([{ apply: false }, { apply: true }]));
    expect(await screen.findByText(/Partners: key expires .*\(from Microsoft Graph\)/)).toBeTruthy();
  });
});
