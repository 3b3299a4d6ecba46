// The Identity providers page against a mocked core: the list with each provider's state, the
// add wizard's draft and the core's field errors, and Test connection's specific failures.
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { screen, waitFor, within } from "@testing-library/react";
// Pointer-events checks read computed styles on every click, which is slow in jsdom with Fluent.
import userEvent, { PointerEventsCheckLevel } from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import type { EffectiveSetting, Finding, IdentityProvider, Portal, SettingsOverview } from "../../api";
import { renderWithProviders } from "../../test/render";
import { effectiveSetting } from "../../test/settings";
import { ProvidersPage } from "./ProvidersPage";

const portal: Portal = {
  id: "3f6e1c2a-9b7d-4e8f-a1c5-7d2e9b4f6a08",
  name: "Contoso Customer Self-Service",
  url: "https://contoso-selfservice.powerappsportals.com/",
  environment_url: "https://contoso.crm4.dynamics.com/",
  app_id: "6f3c2b8e-1d4a-4e5b-9a7c-2b1e8d9f0a31",
  owner: null,
  state: "running",
  key_lifetime_days: 730,
  created_at: "2026-11-22T00:00:00Z",
  updated_at: "2026-11-22T00:00:00Z",
};

function provider(fields: Partial<IdentityProvider> & Pick<IdentityProvider, "key" | "name" | "kind">): IdentityProvider {
  return {
    protocol: null,
    caption: fields.name,
    authentication_type: null,
    enabled: true,
    disabled: false,
    problems: [],
    is_default: false,
    actions: [],
    editable: [],
    settings: [],
    certificates: [],
    ...fields,
  };
}

/** A setting of the built-in provider, not stored: the runtime uses its default. */
function builtInSetting(name: string, kind: EffectiveSetting["kind"], dflt: string): EffectiveSetting {
  return effectiveSetting(name, { in_catalogue: true, kind, group: "provider", default: dflt, effective: dflt });
}

const B2C_AUTHORITY = "https://contoso.b2clogin.com/contoso.onmicrosoft.com/B2C_1_susi/v2.0/";

const providers: IdentityProvider[] = [
  provider({
    key: "local",
    name: "Local",
    kind: "local",
    caption: "Local account (user name and password)",
    enabled: false,
    disabled: true,
    problems: [{ kind: "switched_off", message: "Authentication/Registration/LocalLoginEnabled is false." }],
  }),
  provider({
    key: "azure_ad_built_in",
    name: "AzureAD",
    kind: "entra_built_in",
    protocol: "open_id_connect",
    caption: "Microsoft Entra ID",
    actions: ["edit"],
    editable: ["Caption", "RegistrationEnabled"],
    settings: [
      builtInSetting("Authentication/Registration/AzureADLoginEnabled", { type: "bool" }, "true"),
      builtInSetting("Authentication/OpenIdConnect/AzureAD/Caption", { type: "text" }, "Microsoft Entra ID"),
      builtInSetting("Authentication/OpenIdConnect/AzureAD/RegistrationEnabled", { type: "bool" }, "true"),
    ],
  }),
  provider({
    key: "OpenIdConnect/AzureADB2C",
    name: "AzureADB2C",
    kind: "oidc_azure_ad_b2c",
    protocol: "open_id_connect",
    caption: "Contoso customers",
    authentication_type: B2C_AUTHORITY,
    is_default: true,
    actions: ["edit", "test_connection", "make_default", "remove"],
  }),
  provider({
    key: "SAML2/ADFS",
    name: "ADFS",
    kind: "saml_adfs",
    protocol: "saml2",
    authentication_type: "http://adfs.contoso.com/adfs/services/trust",
    enabled: false,
    actions: ["edit", "import_metadata", "remove"],
    problems: [{ kind: "missing_setting", message: "AssertionConsumerServiceUrl is missing." }],
    certificates: [
      {
        id: 1,
        portal_id: portal.id,
        provider_key: "SAML2/ADFS",
        entity_id: "http://adfs.contoso.com/adfs/services/trust",
        thumbprint: "9A3B5C7D9E1F2A3B4C5D6E7F8A9B0C1D2E3F4A5B",
        subject: "CN=ADFS Signing - adfs.contoso.com",
        issuer: "CN=ADFS Signing - adfs.contoso.com",
        not_before: "2026-01-01T00:00:00Z",
        not_after: "2027-01-01T00:00:00Z",
        added_at: "2026-11-22T00:00:00Z",
      },
    ],
  }),
];

const overview: SettingsOverview = { settings: [], findings: [], record_count: 0 };

afterEach(() => clearMocks());

/** The core, answering the page's reads from fixtures (these by default) and the rest with `handle`. */
function mockCore(
  handle: (cmd: string, args: Record<string, unknown>) => unknown,
  data: { providers: IdentityProvider[]; overview: SettingsOverview } = { providers, overview },
) {
  const calls: { cmd: string; args: Record<string, unknown> }[] = [];
  mockIPC(
    (cmd, args) => {
      const a = (args ?? {}) as Record<string, unknown>;
      calls.push({ cmd, args: a });
      if (cmd === "portal_list") return [portal];
      if (cmd === "provider_list") return data.providers;
      if (cmd === "settings_overview") return data.overview;
      return handle(cmd, a);
    },
    { shouldMockEvents: true },
  );
  return calls;
}

describe("ProvidersPage", () => {
  it("lists every provider with whether the portal loads it, the default, problems and certificates", async () => {
    mockCore(() => null);
    renderWithProviders(<ProvidersPage />);

    expect((await screen.findByTestId("provider-state-local")).textContent).toBe("Disabled");
    expect(screen.getByTestId("provider-state-azure_ad_built_in").textContent).toBe("Loaded");
    expect(screen.getByTestId("provider-state-OpenIdConnect/AzureADB2C").textContent).toBe("Loaded");
    expect(screen.getByTestId("provider-default-OpenIdConnect/AzureADB2C").textContent).toBe("Default");
    const adfs = screen.getByTestId("provider-SAML2/ADFS");
    expect(within(adfs).getByTestId("provider-state-SAML2/ADFS").textContent).toBe("Not loaded");
    expect(within(adfs).getByText("AssertionConsumerServiceUrl is missing.")).toBeTruthy();
    expect(within(adfs).getByText("AD FS (SAML 2.0)", { exact: false })).toBeTruthy();
    expect(within(adfs).getByText("9A3B5C7D9E1F2A3B4C5D6E7F8A9B0C1D2E3F4A5B")).toBeTruthy();
    // Test connection is for OpenID Connect providers; metadata import for SAML 2.0 / WS-Federation.
    expect(screen.getByTestId("test-OpenIdConnect/AzureADB2C")).toBeTruthy();
    expect(within(adfs).queryByText("Test connection")).toBeNull();
    expect(screen.getByTestId("import-metadata-SAML2/ADFS")).toBeTruthy();
    // Each card offers what the core says the provider allows: local sign-in is only switched
    // on or off, the built-in Entra ID provider is edited but never removed.
    expect(screen.queryByTestId("remove-local")).toBeNull();
    expect(screen.queryByTestId("edit-local")).toBeNull();
    expect(screen.getByTestId("edit-azure_ad_built_in")).toBeTruthy();
    expect(screen.queryByTestId("remove-azure_ad_built_in")).toBeNull();
    expect(screen.queryByTestId("test-azure_ad_built_in")).toBeNull();
    expect(screen.getByTestId("remove-SAML2/ADFS")).toBeTruthy();
    expect(screen.getByTestId("default-provider").textContent).toContain("Contoso customers");
  });

  it("shows the checker's finding when the Sign in button names no provider, in the core's words", async () => {
    const finding: Finding = {
      id: "unknown_login_button_provider",
      rule: "unknown_login_button_provider",
      severity: "error",
      setting: "Authentication/Registration/LoginButtonAuthenticationType",
      title: "The Sign in button names no provider",
      explanation: "LoginButtonAuthenticationType is \"https://gone.example\", which no loaded provider uses.",
      fix: null,
    };
    mockCore(() => null, { providers: providers.map((p) => ({ ...p, is_default: false })), overview: { ...overview, findings: [finding] } });
    renderWithProviders(<ProvidersPage />);

    const bar = await screen.findByTestId("default-provider-dangling");
    expect(bar.textContent).toContain("The Sign in button names no provider");
    expect(bar.textContent).toContain("which no loaded provider uses");
  });

  it("sends the wizard's draft to the core and shows its field error next to that field", async () => {
    const message = "This is the portal's own application id, which the runtime rejects for a provider: register a separate application.";
    const calls = mockCore((cmd) => {
      if (cmd === "provider_add") {
        throw { code: "validation", message, fields: [{ field: "ClientId", code: "invalid_value", message }] };
      }
      return null;
    });
    const user = userEvent.setup({ pointerEventsCheck: PointerEventsCheckLevel.Never });
    renderWithProviders(<ProvidersPage />);

    await user.click(await screen.findByTestId("add-provider"));
    await user.click(screen.getByTestId("wizard-kind-oidc_azure_ad_b2c"));
    await user.click(screen.getByTestId("wizard-next"));
    const name = screen.getByTestId("provider-name") as HTMLInputElement;
    expect(name.value).toBe("AzureADB2C");
    await user.tripleClick(name);
    await user.keyboard("B2C");
    // Pasted: typing long values key by key only slows the test down.
    await user.click(screen.getByTestId("provider-field-Authority"));
    await user.paste(B2C_AUTHORITY);
    await user.click(screen.getByTestId("provider-field-ClientId"));
    await user.paste(portal.app_id);
    await user.click(screen.getByTestId("provider-field-ClientSecret"));
    await user.paste("s3cret~value");
    await user.click(screen.getByTestId("wizard-submit"));

    const shown = await screen.findByText(message);
    expect(shown.closest(".fui-Field")?.querySelector("[data-testid=provider-field-ClientId]")).toBeTruthy();
    expect(calls.filter((c) => c.cmd === "provider_add").map((c) => c.args)).toEqual([
      {
        portal: portal.id,
        draft: {
          protocol: "open_id_connect",
          name: "B2C",
          values: { Authority: B2C_AUTHORITY, ClientId: portal.app_id, ClientSecret: "s3cret~value" },
        },
      },
    ]);
    // The wizard stays open with what was typed.
    expect((screen.getByTestId("provider-field-Authority") as HTMLInputElement).value).toBe(B2C_AUTHORITY);
  }, 15_000); // The first dialog of a file mounts slowly in jsdom (Fluent's styles and focus management).

  it("names the failure of Test connection by its error code", async () => {
    const calls = mockCore((cmd) => {
      if (cmd === "provider_test") {
        throw {
          code: "issuer_mismatch",
          message: "The discovery document names the issuer https://evil.example/ but the authority is https://contoso.b2clogin.com/….",
          fields: [],
        };
      }
      return null;
    });
    const user = userEvent.setup({ pointerEventsCheck: PointerEventsCheckLevel.Never });
    renderWithProviders(<ProvidersPage />);

    await user.click(await screen.findByTestId("test-OpenIdConnect/AzureADB2C"));
    const error = await screen.findByTestId("test-error");
    expect(error.getAttribute("data-code")).toBe("issuer_mismatch");
    expect(within(error).getByText("The provider names a different issuer than its authority")).toBeTruthy();
    expect(error.textContent).toContain("names the issuer https://evil.example/");
    await waitFor(() =>
      expect(calls.filter((c) => c.cmd === "provider_test").map((c) => c.args)).toEqual([
        { portal: portal.id, key: "OpenIdConnect/AzureADB2C" },
      ]),
    );
  });

  it("switches a provider off through the core", async () => {
    const calls = mockCore((cmd) => (cmd === "provider_set_enabled" ? providers[2] : null));
    const user = userEvent.setup({ pointerEventsCheck: PointerEventsCheckLevel.Never });
    renderWithProviders(<ProvidersPage />);

    await user.click(await screen.findByTestId("enable-OpenIdConnect/AzureADB2C"));
    await waitFor(() =>
      expect(calls.find((c) => c.cmd === "provider_set_enabled")?.args).toEqual({
        portal: portal.id,
        key: "OpenIdConnect/AzureADB2C",
        enabled: false,
      }),
    );
  });

  it("edits the built-in Entra ID provider's caption, sending only what the core lets it change", async () => {
    const calls = mockCore((cmd) => (cmd === "provider_edit" ? providers[1] : null));
    const user = userEvent.setup({ pointerEventsCheck: PointerEventsCheckLevel.Never });
    renderWithProviders(<ProvidersPage />);

    await user.click(await screen.findByTestId("edit-azure_ad_built_in"));
    const caption = (await screen.findByTestId("edit-field-Caption")) as HTMLInputElement;
    expect(screen.getByTestId("edit-field-RegistrationEnabled")).toBeTruthy();
    // The portal-wide switch is the card's switch, not a setting of this dialog.
    expect(screen.queryByTestId("edit-field-AzureADLoginEnabled")).toBeNull();
    await user.click(caption);
    await user.paste("Contoso staff");
    await user.click(screen.getByTestId("edit-provider-save"));
    await waitFor(() =>
      expect(calls.filter((c) => c.cmd === "provider_edit").map((c) => c.args)).toEqual([
        { portal: portal.id, key: "azure_ad_built_in", values: { Caption: "Contoso staff" } },
      ]),
    );
  }, 15_000);

  it("names a metadata import's failure by its error code", async () => {
    const message = "the metadata has no signing certificate (no KeyDescriptor with use=\"signing\" holding an X509Certificate); the portal could not validate tokens";
    const calls = mockCore((cmd) => {
      if (cmd === "provider_import_metadata") throw { code: "no_signing_certificate", message, fields: [] };
      return null;
    });
    const user = userEvent.setup({ pointerEventsCheck: PointerEventsCheckLevel.Never });
    renderWithProviders(<ProvidersPage />);

    await user.click(await screen.findByTestId("import-metadata-SAML2/ADFS"));
    await user.click(await screen.findByTestId("metadata-from-url"));
    await user.click(await screen.findByTestId("metadata-url"));
    await user.paste("https://adfs.contoso.com/FederationMetadata/2007-06/FederationMetadata.xml");
    await user.click(screen.getByTestId("metadata-import"));
    expect(await screen.findByText("The metadata has no signing certificate")).toBeTruthy();
    expect(screen.getByTestId("metadata-error").getAttribute("data-code")).toBe("no_signing_certificate");
    expect(screen.getByText(message)).toBeTruthy();
    expect(calls.find((c) => c.cmd === "provider_import_metadata")?.args).toMatchObject({ portal: portal.id, key: "SAML2/ADFS" });
  }, 15_000);

  it("removes a provider after confirmation and says so", async () => {
    const calls = mockCore((cmd) => (cmd === "provider_remove" ? providers[3] : null));
    const user = userEvent.setup({ pointerEventsCheck: PointerEventsCheckLevel.Never });
    renderWithProviders(<ProvidersPage />);

    await user.click(await screen.findByTestId("remove-SAML2/ADFS"));
    expect(await screen.findByText("Remove ADFS?")).toBeTruthy();
    expect(calls.some((c) => c.cmd === "provider_remove")).toBe(false);
    await user.click(screen.getByTestId("remove-provider-confirm"));
    expect((await screen.findByTestId("providers-message")).textContent).toContain("Removed ADFS.");
    expect(calls.filter((c) => c.cmd === "provider_remove").map((c) => c.args)).toEqual([{ portal: portal.id, key: "SAML2/ADFS" }]);
  }, 15_000);

  it("offers only loaded providers as the Sign in button's and sends the choice to the core", async () => {
    const calls = mockCore(() => null);
    const user = userEvent.setup({ pointerEventsCheck: PointerEventsCheckLevel.Never });
    renderWithProviders(<ProvidersPage />);

    await user.click(await screen.findByTestId("default-provider"));
    const options = screen.getAllByRole("option").map((o) => o.textContent);
    // The not-loaded AD FS provider, local sign-in and the built-in provider are not choices.
    expect(options).toEqual(["Show all providers (the sign-in page)", "Contoso customers — Azure AD B2C (OpenID Connect)"]);
    await user.click(screen.getByRole("option", { name: "Show all providers (the sign-in page)" }));
    await waitFor(() =>
      expect(calls.filter((c) => c.cmd === "provider_set_default").map((c) => c.args)).toEqual([{ portal: portal.id, key: null }]),
    );
  }, 15_000);

  it("closes the wizard on a provider the core added and names it", async () => {
    const added = provider({ key: "OpenIdConnect/Okta", name: "Okta", kind: "oidc_other", protocol: "open_id_connect", caption: "Okta" });
    const calls = mockCore((cmd) => (cmd === "provider_add" ? added : null));
    const user = userEvent.setup({ pointerEventsCheck: PointerEventsCheckLevel.Never });
    renderWithProviders(<ProvidersPage />);

    await user.click(await screen.findByTestId("add-provider"));
    await user.click(screen.getByTestId("wizard-kind-oidc_other"));
    await user.click(screen.getByTestId("wizard-next"));
    await user.tripleClick(screen.getByTestId("provider-name"));
    await user.keyboard("Okta");
    await user.click(screen.getByTestId("provider-field-Authority"));
    await user.paste("https://contoso.okta.com/");
    await user.click(screen.getByTestId("provider-field-ClientId"));
    await user.paste("0oa1b2c3d4");
    await user.click(screen.getByTestId("wizard-submit"));

    expect((await screen.findByTestId("providers-message")).textContent).toBe("Added Okta.");
    expect(screen.queryByTestId("add-provider-wizard")).toBeNull();
    expect(calls.find((c) => c.cmd === "provider_add")?.args).toEqual({
      portal: portal.id,
      draft: { protocol: "open_id_connect", name: "Okta", values: { Authority: "https://contoso.okta.com/", ClientId: "0oa1b2c3d4" } },
    });
  }, 15_000);

  it("asks a SAML 2.0 provider for its metadata, realm and reply URL and sends them under that protocol", async () => {
    const calls = mockCore((cmd) => (cmd === "provider_add" ? providers[3] : null));
    const user = userEvent.setup({ pointerEventsCheck: PointerEventsCheckLevel.Never });
    renderWithProviders(<ProvidersPage />);

    await user.click(await screen.findByTestId("add-provider"));
    await user.click(screen.getByTestId("wizard-protocol-saml2"));
    await user.click(screen.getByTestId("wizard-kind-saml_adfs"));
    await user.click(screen.getByTestId("wizard-next"));
    expect((screen.getByTestId("provider-name") as HTMLInputElement).value).toBe("ADFS");
    const fields = [
      ["MetadataAddress", "https://adfs.contoso.com/FederationMetadata/2007-06/FederationMetadata.xml"],
      ["ServiceProviderRealm", "https://contoso-selfservice.powerappsportals.com/"],
      ["AssertionConsumerServiceUrl", "https://contoso-selfservice.powerappsportals.com/signin-saml2"],
    ] as const;
    for (const [key, value] of fields) {
      await user.click(screen.getByTestId(`provider-field-${key}`));
      await user.paste(value);
    }
    // No client id or secret: SAML has none.
    expect(screen.queryByTestId("provider-field-ClientId")).toBeNull();
    await user.click(screen.getByTestId("wizard-submit"));

    await waitFor(() =>
      expect(calls.find((c) => c.cmd === "provider_add")?.args).toEqual({
        portal: portal.id,
        draft: { protocol: "saml2", name: "ADFS", values: Object.fromEntries(fields) },
      }),
    );
  }, 15_000);
});
