// The Expiries page against a mocked core: identity-provider signing certificates are listed after
// the keys, in the core's order and severity, and one opens its portal's providers page.
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { cleanup, screen, within } from "@testing-library/react";
import userEvent, { PointerEventsCheckLevel } from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import type { CertificateExpiry } from "../../api";
import { NavigationProvider, useNavigation } from "../../components/Navigation";
import { renderWithProviders } from "../../test/render";
import { ExpiriesPage } from "./ExpiriesPage";

const PORTAL = "3f6e1c2a-9b7d-4e8f-a1c5-7d2e9b4f6a08";

const certificates: CertificateExpiry[] = [
  {
    portal_id: PORTAL,
    portal_name: "Contoso Customer Self-Service",
    provider_key: "SAML2/ADFS",
    subject: "CN=ADFS Signing - adfs.contoso.com",
    thumbprint: "76FC32EC7AC13C9774F1870F3F264226412534E0",
    not_after: "2026-12-10T00:00:00Z",
    severity: "warning",
    time_left: "5 days 8 hours",
    next_milestone: "2026-12-05T00:00:00Z",
  },
  {
    portal_id: PORTAL,
    portal_name: "Contoso Customer Self-Service",
    provider_key: "WsFederation/Entra",
    subject: "CN=accounts.accesscontrol.windows.net",
    thumbprint: "2C72145D54038D6A78CF9C8756B29B074C4C04B6",
    not_after: "2027-03-01T00:00:00Z",
    severity: "ok",
    time_left: "86 days",
    next_milestone: "2026-12-01T00:00:00Z",
  },
];

// Unmount first: the navigation's event listener unregisters through the mocked internals.
afterEach(() => {
  cleanup();
  clearMocks();
});

function mockCore(certs: CertificateExpiry[]) {
  mockIPC(
    (cmd) => {
      if (cmd === "key_overview") return [];
      if (cmd === "provider_certificate_expiries") return certs;
      if (cmd === "app_autostart_get") return false;
      if (cmd === "portal_list") return [];
      return null;
    },
    { shouldMockEvents: true },
  );
}

/** Shows which page the navigation is on, as the shell would. */
function CurrentPage() {
  const { page } = useNavigation();
  return <output data-testid="current-page">{page}</output>;
}

describe("ExpiriesPage", () => {
  it("lists signing certificates with the core's severity and opens the provider's page", async () => {
    mockCore(certificates);
    const user = userEvent.setup({ pointerEventsCheck: PointerEventsCheckLevel.Never });
    renderWithProviders(
      <NavigationProvider>
        <ExpiriesPage />
        <CurrentPage />
      </NavigationProvider>,
    );

    const rows = await screen.findAllByTestId("certificate-expiry");
    expect(rows.map((r) => within(r).getAllByRole("cell")[1].textContent)).toEqual(["SAML2/ADFS", "WsFederation/Entra"]);
    expect(within(rows[0]).getByText("Expires within 30 days")).toBeTruthy();
    expect(within(rows[0]).getByText("5 days 8 hours")).toBeTruthy();
    expect(within(rows[1]).getByText("OK")).toBeTruthy();
    expect(within(rows[0]).getByText("76FC32EC7AC13C9774F1870F3F264226412534E0")).toBeTruthy();

    expect(screen.getByTestId("current-page").textContent).toBe("home");
    await user.click(rows[0]);
    expect(screen.getByTestId("current-page").textContent).toBe("providers");
  });

  it("leaves the certificate section out while no provider has metadata", async () => {
    mockCore([]);
    renderWithProviders(<ExpiriesPage />);
    await screen.findByTestId("expiries-table");
    expect(screen.queryByTestId("certificate-expiries")).toBeNull();
    expect(screen.queryByText("Identity-provider signing certificates")).toBeNull();
  });
});
