// How providers read to people: kind and protocol titles, and what the add wizard asks for each
// kind, with help text and examples. Only help: the core checks every value and decides the
// kind from the settings (an authority on b2clogin.com is Azure AD B2C, whatever was picked).
import type { EffectiveSetting, IdentityProvider, Protocol, ProviderKind } from "../../api";

export const KIND_TITLE: Record<ProviderKind, string> = {
  local: "Local sign-in",
  entra_built_in: "Microsoft Entra ID (built-in)",
  oidc_entra_id: "Microsoft Entra ID (OpenID Connect)",
  oidc_azure_ad_b2c: "Azure AD B2C (OpenID Connect)",
  oidc_other: "OpenID Connect",
  microsoft: "Microsoft account",
  google: "Google",
  facebook: "Facebook",
  twitter: "Twitter",
  linked_in: "LinkedIn",
  yahoo: "Yahoo",
  o_auth_other: "OAuth 2.0",
  saml_entra_id: "Microsoft Entra ID (SAML 2.0)",
  saml_adfs: "AD FS (SAML 2.0)",
  saml_other: "SAML 2.0",
  ws_fed_entra_id: "Microsoft Entra ID (WS-Federation)",
  ws_fed_adfs: "AD FS (WS-Federation)",
  ws_fed_other: "WS-Federation",
};

export const PROTOCOL_TITLE: Record<Protocol, string> = {
  open_id_connect: "OpenID Connect",
  o_auth2: "OAuth 2.0",
  saml2: "SAML 2.0",
  ws_federation: "WS-Federation",
};

export const PROTOCOL_HELP: Record<Protocol, string> = {
  open_id_connect: "Recommended: Microsoft Entra ID, Azure AD B2C or any OpenID Connect provider.",
  o_auth2: "Social accounts: Microsoft, Google, Facebook, Twitter, LinkedIn, Yahoo.",
  saml2: "Enterprise federation with Microsoft Entra ID, AD FS or another SAML 2.0 identity provider.",
  ws_federation: "Enterprise federation with Microsoft Entra ID, AD FS or another WS-Federation provider.",
};

/** A provider setting's key as the core's provider commands name it (`ClientId`). */
export function settingKey(setting: EffectiveSetting): string {
  return setting.name.split("/").pop() ?? setting.name;
}

export type ProviderState = "loaded" | "not_loaded" | "disabled";

export function stateOf(p: IdentityProvider): ProviderState {
  if (p.disabled) return "disabled";
  return p.enabled ? "loaded" : "not_loaded";
}

export interface FieldSpec {
  /** The setting's last name segment, as the draft and the core's field errors name it. */
  key: string;
  label: string;
  required?: boolean;
  secret?: boolean;
  hint: string;
  example?: string;
}

export interface KindSpec {
  kind: ProviderKind;
  protocol: Protocol;
  title: string;
  defaultName: string;
  /** OAuth 2.0 providers are recognised by their name, so it is not typed. */
  fixedName?: boolean;
  fields: (site: string) => FieldSpec[];
}

const caption: FieldSpec = {
  key: "Caption",
  label: "Button text",
  hint: "What the sign-in page's button says; the provider name when empty.",
  example: "Sign in with Contoso",
};
const clientId: FieldSpec = {
  key: "ClientId",
  label: "Client ID",
  required: true,
  hint: "The application (client) ID of the app registered for sign-in — not the portal's own application.",
  example: "00000000-0000-0000-0000-000000000000",
};
const clientSecret: FieldSpec = {
  key: "ClientSecret",
  label: "Client secret",
  secret: true,
  hint: "Needed when the response type includes code. Kept in the OS keyring, never in the workspace.",
};

function oidc(kind: ProviderKind, title: string, defaultName: string, authority: string, extra: FieldSpec[] = []): KindSpec {
  return {
    kind,
    protocol: "open_id_connect",
    title,
    defaultName,
    fields: (site) => [
      {
        key: "Authority",
        label: "Authority",
        required: true,
        hint: "The issuer; discovery reads <authority>/.well-known/openid-configuration.",
        example: authority,
      },
      clientId,
      clientSecret,
      {
        key: "RedirectUri",
        label: "Reply URL",
        hint: "The redirect URI registered with the provider.",
        example: `${site}/signin-openid_1`,
      },
      ...extra,
      caption,
    ],
  };
}

function oauth(kind: ProviderKind, name: string, id: [string, string], secret: [string, string]): KindSpec {
  return {
    kind,
    protocol: "o_auth2",
    title: KIND_TITLE[kind],
    defaultName: name,
    fixedName: true,
    fields: (site) => [
      {
        key: id[0],
        label: id[1],
        required: true,
        hint: `From the app registered with ${KIND_TITLE[kind]}; register ${site}/signin-${name.toLowerCase()} as its redirect URL.`,
      },
      { key: secret[0], label: secret[1], required: true, secret: true, hint: "Kept in the OS keyring, never in the workspace." },
      caption,
    ],
  };
}

function federated(
  kind: ProviderKind,
  protocol: "saml2" | "ws_federation",
  title: string,
  defaultName: string,
  metadata: string,
  entityId: string,
): KindSpec {
  const address: FieldSpec = {
    key: "MetadataAddress",
    label: "Federation metadata URL",
    required: true,
    hint: "Where the identity provider publishes its metadata. Import metadata later to track its signing certificates.",
    example: metadata,
  };
  const authType: FieldSpec = {
    key: "AuthenticationType",
    label: "Identity provider entity ID",
    hint: "Filled in from the metadata when you import it.",
    example: entityId,
  };
  const fields =
    protocol === "saml2"
      ? (site: string): FieldSpec[] => [
          address,
          authType,
          {
            key: "ServiceProviderRealm",
            label: "Portal identifier (service provider realm)",
            required: true,
            hint: "The relying party identifier registered with the identity provider.",
            example: `${site}/`,
          },
          {
            key: "AssertionConsumerServiceUrl",
            label: "Reply URL (assertion consumer service)",
            required: true,
            hint: "Where the identity provider posts its SAML assertions.",
            example: `${site}/signin-saml_1`,
          },
          caption,
        ]
      : (site: string): FieldSpec[] => [
          address,
          authType,
          {
            key: "Wtrealm",
            label: "Portal identifier (realm)",
            required: true,
            hint: "The relying party identifier registered with the provider.",
            example: `${site}/`,
          },
          { key: "Wreply", label: "Reply URL", hint: "The reply URL registered with the provider, when it is not the realm." },
          caption,
        ];
  return { kind, protocol, title, defaultName, fields };
}

const ENTRA_METADATA = "https://login.microsoftonline.com/<tenant id>/FederationMetadata/2007-06/FederationMetadata.xml";
const ADFS_METADATA = "https://adfs.contoso.com/FederationMetadata/2007-06/FederationMetadata.xml";

export const WIZARD_KINDS: Record<Protocol, readonly KindSpec[]> = {
  open_id_connect: [
    oidc("oidc_entra_id", "Microsoft Entra ID", "EntraID", "https://login.microsoftonline.com/<tenant id>/v2.0"),
    oidc("oidc_azure_ad_b2c", "Azure AD B2C", "AzureADB2C", "https://<tenant>.b2clogin.com/<tenant>.onmicrosoft.com/<user flow>/v2.0/", [
      {
        key: "DefaultPolicyId",
        label: "Sign-up and sign-in user flow",
        hint: "The B2C user flow (policy) people sign in with.",
        example: "B2C_1_signupsignin",
      },
    ]),
    oidc("oidc_other", "Other OpenID Connect provider", "OpenIdConnect_1", "https://login.example.com/", [
      {
        key: "MetadataAddress",
        label: "Discovery document URL",
        hint: "Only when it is not <authority>/.well-known/openid-configuration.",
      },
    ]),
  ],
  o_auth2: [
    oauth("microsoft", "Microsoft", ["ClientId", "Client ID"], ["ClientSecret", "Client secret"]),
    oauth("google", "Google", ["ClientId", "Client ID"], ["ClientSecret", "Client secret"]),
    oauth("facebook", "Facebook", ["AppId", "App ID"], ["AppSecret", "App secret"]),
    oauth("twitter", "Twitter", ["ConsumerKey", "API key (consumer key)"], ["ConsumerSecret", "API secret (consumer secret)"]),
    oauth("linked_in", "LinkedIn", ["ConsumerKey", "Client ID (consumer key)"], ["ConsumerSecret", "Client secret (consumer secret)"]),
    oauth("yahoo", "Yahoo", ["ClientId", "Client ID"], ["ClientSecret", "Client secret"]),
  ],
  saml2: [
    federated("saml_entra_id", "saml2", "Microsoft Entra ID", "EntraIDSAML", ENTRA_METADATA, "https://sts.windows.net/<tenant id>/"),
    federated("saml_adfs", "saml2", "AD FS", "ADFS", ADFS_METADATA, "http://adfs.contoso.com/adfs/services/trust"),
    federated("saml_other", "saml2", "Other SAML 2.0 provider", "SAML2_1", "https://idp.example.com/metadata.xml", "https://idp.example.com/"),
  ],
  ws_federation: [
    federated("ws_fed_entra_id", "ws_federation", "Microsoft Entra ID", "EntraIDWsFed", ENTRA_METADATA, "https://sts.windows.net/<tenant id>/"),
    federated("ws_fed_adfs", "ws_federation", "AD FS", "ADFS", ADFS_METADATA, "http://adfs.contoso.com/adfs/services/trust"),
    federated("ws_fed_other", "ws_federation", "Other WS-Federation provider", "WsFederation_1", "https://idp.example.com/metadata.xml", "https://idp.example.com/"),
  ],
};
