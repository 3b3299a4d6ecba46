// Test data for the access pages: one portal's roles, pages, page rules, website access and a
// Parent-scope chain of table permissions, shaped like the core's `access_overview` answer.
import type { AccessOverview, Portal, TablePermission, WebRole } from "../api";

export const portal: Portal = {
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

function role(id: string, name: string, fields: Partial<WebRole> = {}): WebRole {
  return { id, name, description: null, anonymous_users_role: false, authenticated_users_role: false, active: true, ...fields };
}

export const ROLE = {
  anonymous: role("a1000000-0000-4000-8000-000000000001", "Anonymous Users", { anonymous_users_role: true }),
  authenticated: role("a1000000-0000-4000-8000-000000000002", "Authenticated Users", { authenticated_users_role: true }),
  administrators: role("a1000000-0000-4000-8000-000000000003", "Administrators", { description: "Portal content administrators" }),
  legacy: role("a1000000-0000-4000-8000-000000000004", "Legacy partners", { active: false }),
};

function permission(id: string, name: string, table: string, fields: Partial<TablePermission>): TablePermission {
  return {
    id,
    name,
    table,
    scope: { scope: "global" },
    privileges: { read: true, write: false, create: false, delete: false, append: false, append_to: false },
    contact_relationship: null,
    account_relationship: null,
    parent_id: null,
    parent_relationship: null,
    active: true,
    role_ids: [],
    ...fields,
  };
}

export const PERMISSION = {
  accounts: permission("b2000000-0000-4000-8000-000000000001", "Customer accounts", "account", {
    scope: { scope: "contact" },
    contact_relationship: "contact_customer_accounts",
    privileges: { read: true, write: true, create: false, delete: false, append: false, append_to: true },
    role_ids: [ROLE.authenticated.id],
  }),
  cases: permission("b2000000-0000-4000-8000-000000000002", "Account cases", "incident", {
    scope: { scope: "parent" },
    parent_id: "b2000000-0000-4000-8000-000000000001",
    parent_relationship: "incident_customer_accounts",
    privileges: { read: true, write: false, create: true, delete: false, append: true, append_to: false },
    role_ids: [ROLE.authenticated.id],
  }),
  notes: permission("b2000000-0000-4000-8000-000000000003", "Case notes", "annotation", {
    scope: { scope: "parent" },
    parent_id: "b2000000-0000-4000-8000-000000000002",
    parent_relationship: "Incident_Annotation",
    role_ids: [ROLE.authenticated.id],
  }),
  articles: permission("b2000000-0000-4000-8000-000000000004", "Public articles", "knowledgearticle", {
    role_ids: [ROLE.anonymous.id, ROLE.administrators.id],
  }),
  custom: permission("b2000000-0000-4000-8000-000000000005", "Preview custom access", "adx_custom", {
    scope: { scope: "unknown", code: 756150005 },
    role_ids: [ROLE.administrators.id],
  }),
};

export const PAGE = {
  home: { id: "c3000000-0000-4000-8000-000000000001", name: "Home", partial_url: "/", parent_id: null },
  support: { id: "c3000000-0000-4000-8000-000000000002", name: "Support", partial_url: "support", parent_id: "c3000000-0000-4000-8000-000000000001" },
  cases: { id: "c3000000-0000-4000-8000-000000000003", name: "My cases", partial_url: "cases", parent_id: "c3000000-0000-4000-8000-000000000002" },
};

export const overview: AccessOverview = {
  model: {
    roles: [ROLE.anonymous, ROLE.authenticated, ROLE.administrators, ROLE.legacy],
    website_access: [
      {
        id: "d4000000-0000-4000-8000-000000000001",
        name: "Content editors",
        manage_content_snippets: true,
        manage_site_markers: false,
        manage_web_link_sets: true,
        preview_unpublished_entities: false,
        active: true,
        role_ids: [ROLE.administrators.id],
      },
    ],
    pages: [PAGE.home, PAGE.support, PAGE.cases],
    page_rules: [
      {
        id: "e5000000-0000-4000-8000-000000000001",
        name: "Grant Change to Content",
        description: null,
        right: { right: "grant_change" },
        scope: { scope: "all_content" },
        page_id: PAGE.home.id,
        active: true,
        role_ids: [ROLE.administrators.id],
      },
      {
        id: "e5000000-0000-4000-8000-000000000002",
        name: "Support for signed-in contacts",
        description: null,
        right: { right: "restrict_read" },
        scope: { scope: "all_content" },
        page_id: PAGE.support.id,
        active: true,
        role_ids: [ROLE.authenticated.id],
      },
    ],
    // Children first: the page must build the tree, not rely on the order.
    table_permissions: [PERMISSION.notes, PERMISSION.cases, PERMISSION.custom, PERMISSION.articles, PERMISSION.accounts],
  },
  posture: [
    {
      severity: "warning",
      code: "anonymous_global_read",
      subject: "Public articles",
      message: 'Anonymous visitors can read every knowledgearticle record (Global read through "Public articles").',
    },
    {
      severity: "info",
      code: "role_grants_nothing",
      subject: "Legacy partners",
      message: 'Web role "Legacy partners" grants nothing: no active table permission, page rule or website access uses it.',
    },
  ],
};
