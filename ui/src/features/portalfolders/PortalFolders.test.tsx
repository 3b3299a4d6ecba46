// Importing and exporting portal folders against a mocked core: the preview of a new portal and
// the request it sends, the diff over an existing portal with a record expanded, a malformed
// folder's error, an export that needs confirmation, and long diffs cut per kind.
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { cleanup, render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import type { ExportPreview, ImportPreview, PacDiff, Portal, RecordDiff } from "../../api";
import { renderWithProviders } from "../../test/render";
import { ExportFolderDialog } from "./ExportFolderDialog";
import { ImportFolderDialog } from "./ImportFolderDialog";
import { PacDiffView } from "./PacDiffView";

const portal: Portal = {
  id: "8ef35c54-f355-ed11-9562-6045bd0ea8e5",
  name: "ContosoMedical Trust",
  url: "https://contosomedicaltrust.powerappsportals.com/",
  environment_url: "https://org0aaf89be.crm4.dynamics.com/",
  app_id: "0f6b3b3e-6c1a-4c5e-9a63-5a2b2f1f8a10",
  owner: null,
  state: "running",
  key_lifetime_days: 730,
  created_at: "2026-11-22T00:00:00Z",
  updated_at: "2026-11-22T00:00:00Z",
};

const summary = {
  folder: "/data/contosoMedicalTrust",
  layout: "aggregate" as const,
  website_id: portal.id,
  website_name: "ContosoMedical Trust - contosomedicaltrust",
  environment_url: "https://org0aaf89be.crm4.dynamics.com/",
  counts: { site_settings: 49, web_roles: 4, website_access: 2, page_rules: 2, table_permissions: 1 },
  kept_files: 7,
  warnings: ["2 web roles are marked as the authenticated users role (Authenticated Users, Balfour Team); the portal uses only one"],
};

const emptyDiff: PacDiff = { records: [], files: [], added: 0, removed: 0, changed: 0, unchanged: 0 };

const changedRole: RecordDiff = {
  kind: "web_role",
  id: "d3aba034-c165-ed11-9561-6045bd0ea8e5",
  name: "Balfour Team",
  change: "changed",
  fields: [{ field: "authenticatedusersrole", before: "true", after: "false" }],
};

afterEach(() => {
  // Unmount while the mocked core is still there: the import dialog stops listening to progress.
  cleanup();
  clearMocks();
});

describe("ImportFolderDialog", () => {
  it("previews a new portal with its counts and sends the facts the folder lacks", async () => {
    const sent: unknown[] = [];
    const preview: ImportPreview = { summary, portal: null, diff: { ...emptyDiff, added: 58 }, needs_confirmation: false };
    mockIPC(
      (cmd, args) => {
        if (cmd === "pac_preview_import") return preview;
        if (cmd === "pac_import") {
          sent.push(args);
          return { portal, created: true, summary, diff: preview.diff };
        }
        return null;
      },
      { shouldMockEvents: true },
    );
    const user = userEvent.setup();
    renderWithProviders(<ImportFolderDialog onClose={() => {}} />);
    await user.click(screen.getByTestId("pac-folder-input"));
    await user.paste("/data/contosoMedicalTrust");
    await user.click(screen.getByTestId("pac-preview"));
    expect((await screen.findByTestId("pac-count-site_setting")).getAttribute("data-count")).toBe("49");
    expect(screen.getByTestId("pac-count-web_role").getAttribute("data-count")).toBe("4");
    expect(screen.getByTestId("pac-warning").textContent).toContain("Balfour Team");
    // The environment comes from the folder's manifest.
    expect((screen.getByTestId("pac-new-env") as HTMLInputElement).value).toBe("https://org0aaf89be.crm4.dynamics.com/");
    await user.click(screen.getByTestId("pac-new-url"));
    await user.paste("https://contosomedicaltrust.powerappsportals.com");
    await user.click(screen.getByTestId("pac-new-app-id"));
    await user.paste(portal.app_id);
    expect(screen.getByTestId("pac-import-confirm").textContent).toBe("Import");
    await user.click(screen.getByTestId("pac-import-confirm"));
    await screen.findByTestId("pac-import-result");
    expect(sent).toEqual([
      {
        request: {
          folder: "/data/contosoMedicalTrust",
          portal: null,
          url: "https://contosomedicaltrust.powerappsportals.com",
          environment_url: "https://org0aaf89be.crm4.dynamics.com/",
          app_id: portal.app_id,
          confirm: true,
        },
      },
    ]);
  });

  it("shows the diff over an existing portal, and a record's fields before and after", async () => {
    const preview: ImportPreview = {
      summary,
      portal,
      diff: { records: [changedRole], files: [], added: 0, removed: 0, changed: 1, unchanged: 57 },
      needs_confirmation: true,
    };
    mockIPC((cmd) => (cmd === "pac_preview_import" ? preview : null), { shouldMockEvents: true });
    const user = userEvent.setup();
    renderWithProviders(<ImportFolderDialog onClose={() => {}} />);
    await user.click(screen.getByTestId("pac-folder-input"));
    await user.paste("/data/copy");
    await user.click(screen.getByTestId("pac-preview"));
    const diff = await screen.findByTestId("pac-diff");
    expect(diff.getAttribute("data-changed")).toBe("1");
    expect(screen.getByTestId("pac-target").textContent).toContain("ContosoMedical Trust");
    expect(screen.queryByTestId("pac-new-portal")).toBeNull();
    expect(screen.getByTestId("pac-import-confirm").textContent).toBe("Apply changes");
    expect(screen.queryByTestId("pac-diff-field")).toBeNull();
    await user.click(screen.getByTestId("pac-diff-expand"));
    const field = screen.getByTestId("pac-diff-field");
    expect(field.textContent).toContain("authenticatedusersrole");
    expect(field.textContent).toContain("true");
    expect(field.textContent).toContain("false");
  });

  it("shows a malformed folder's error naming the file and line", async () => {
    mockIPC(
      (cmd) => {
        if (cmd === "pac_preview_import") {
          throw { code: "invalid_portal_folder", message: "the portal folder cannot be imported: webrole.yml:3: malformed YAML: did not find expected key", fields: [] };
        }
        return null;
      },
      { shouldMockEvents: true },
    );
    const user = userEvent.setup();
    renderWithProviders(<ImportFolderDialog onClose={() => {}} />);
    await user.click(screen.getByTestId("pac-folder-input"));
    await user.paste("/data/broken");
    await user.click(screen.getByTestId("pac-preview"));
    expect((await screen.findByTestId("pac-error")).textContent).toContain("webrole.yml:3: malformed YAML");
    expect((screen.getByTestId("pac-import-confirm") as HTMLButtonElement).disabled).toBe(true);
  });
});

describe("ExportFolderDialog", () => {
  it("asks before overwriting a folder that changed, and confirms when told to", async () => {
    const sent: unknown[] = [];
    const preview: ExportPreview = {
      folder: "/data/contosoMedicalTrust",
      layout: "aggregate",
      diff: { records: [{ ...changedRole, fields: [{ field: "name", before: "Balfour", after: "Balfour Team" }] }], files: [], added: 0, removed: 0, changed: 1, unchanged: 57 },
      needs_confirmation: true,
      reason: "the folder changed since this portal was last imported from or exported to it; review what the export overwrites",
      warnings: [],
    };
    mockIPC(
      (cmd, args) => {
        if (cmd === "pac_preview_export") return preview;
        if (cmd === "pac_export") {
          sent.push(args);
          return { folder: preview.folder, layout: "aggregate", written: 1, unchanged: 11, removed: 0, warnings: [] };
        }
        return null;
      },
      { shouldMockEvents: true },
    );
    const user = userEvent.setup();
    renderWithProviders(<ExportFolderDialog portal={portal} onClose={() => {}} />);
    await user.click(screen.getByTestId("pac-export-folder"));
    await user.paste("/data/contosoMedicalTrust");
    await user.click(screen.getByTestId("pac-export-preview"));
    expect((await screen.findByTestId("pac-export-reason")).textContent).toContain("changed since");
    expect(screen.getByTestId("pac-export-confirm").textContent).toBe("Overwrite folder");
    await user.click(screen.getByTestId("pac-export-confirm"));
    expect((await screen.findByTestId("pac-export-result")).textContent).toContain("Wrote 1 file(s)");
    expect(sent).toEqual([{ portal: portal.id, folder: "/data/contosoMedicalTrust", layout: null, confirm: true }]);
  });
});

describe("PacDiffView", () => {
  it("shows at most 200 records per kind and counts the rest", async () => {
    const records: RecordDiff[] = Array.from({ length: 250 }, (_, i) => ({
      kind: "site_setting",
      id: `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`,
      name: `Synthetic/Setting${i}`,
      change: "added",
      fields: [],
    }));
    render(<PacDiffView diff={{ records, files: [], added: 250, removed: 0, changed: 0, unchanged: 0 }} />);
    await waitFor(() => expect(screen.getAllByTestId("pac-diff-record")).toHaveLength(200));
    expect(screen.getByTestId("pac-diff-more").textContent).toBe("and 50 more");
  });

  it("says so when nothing differs", () => {
    render(<PacDiffView diff={emptyDiff} />);
    expect(screen.getByTestId("pac-diff-empty").textContent).toBe("No differences.");
  });
});
