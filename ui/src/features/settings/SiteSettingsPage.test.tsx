// The All site settings table against a mocked core: rows as stored and as used, unset after
// confirming, and the core's field errors in the add dialog.
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { screen, waitFor, within } from "@testing-library/react";
// Pointer-events checks read computed styles on every click, which is slow in jsdom with Fluent.
import userEvent, { PointerEventsCheckLevel } from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import type { Portal, SettingsOverview } from "../../api";
import { renderWithProviders } from "../../test/render";
import { effectiveSetting } from "../../test/settings";
import { SiteSettingsPage } from "./SiteSettingsPage";

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

const overview: SettingsOverview = {
  record_count: 2,
  findings: [],
  settings: [
    effectiveSetting("Authentication/Registration/RequiredLength", {
      in_catalogue: true,
      kind: { type: "int", min: 1, max: 128 },
      default: "8",
      record_id: "8d7f0a8e-0000-4000-8000-000000000001",
      stored: "eight",
      effective: "8",
      source: "unparsable",
    }),
    effectiveSetting("Search/Enabled", { record_id: "8d7f0a8e-0000-4000-8000-000000000002", stored: "true", effective: "true", source: "stored" }),
  ],
};

afterEach(() => clearMocks());

function mockCore(handle: (cmd: string, args: Record<string, unknown>) => unknown) {
  const calls: { cmd: string; args: Record<string, unknown> }[] = [];
  mockIPC(
    (cmd, args) => {
      const a = (args ?? {}) as Record<string, unknown>;
      calls.push({ cmd, args: a });
      if (cmd === "portal_list") return [portal];
      if (cmd === "settings_overview") return overview;
      return handle(cmd, a);
    },
    { shouldMockEvents: true },
  );
  return calls;
}

const row = (name: string) => document.querySelector(`[data-testid=site-setting-row][data-name="${name}"]`) as HTMLElement;

describe("SiteSettingsPage", () => {
  it("shows each setting as stored and as the portal uses it, and unsets one after confirming", async () => {
    const calls = mockCore((cmd) => (cmd === "settings_unset" ? 1 : null));
    const user = userEvent.setup({ pointerEventsCheck: PointerEventsCheckLevel.Never });
    renderWithProviders(<SiteSettingsPage />);

    await screen.findByTestId("site-settings-table");
    const length = row("Authentication/Registration/RequiredLength");
    expect(within(length).getByText("eight")).toBeTruthy();
    expect(within(length).getByText("default: stored value ignored")).toBeTruthy();
    expect(within(length).getByText("Yes")).toBeTruthy();
    expect(within(row("Search/Enabled")).getByText("No")).toBeTruthy();

    await user.click(within(row("Search/Enabled")).getByTestId("site-setting-unset"));
    await user.click(await screen.findByTestId("site-setting-unset-confirm"));
    await waitFor(() =>
      expect(calls.find((c) => c.cmd === "settings_unset")?.args).toEqual({ portal: portal.id, name: "Search/Enabled" }),
    );
  });

  it("adds a setting by name and value and shows the core's message next to the name", async () => {
    const message = "Setting names are at most 100 characters (120 given).";
    const calls = mockCore((cmd) => {
      if (cmd === "settings_set") throw { code: "validation", message, fields: [{ field: "name", code: "too_long", message }] };
      return null;
    });
    const user = userEvent.setup({ pointerEventsCheck: PointerEventsCheckLevel.Never });
    renderWithProviders(<SiteSettingsPage />);

    await user.click(await screen.findByTestId("site-setting-add"));
    await user.click(screen.getByTestId("site-setting-name"));
    await user.paste("Custom/Feature");
    await user.click(screen.getByTestId("site-setting-value"));
    await user.paste("on");
    await user.click(screen.getByTestId("site-setting-save"));

    const shown = await screen.findByText(message);
    expect(shown.closest(".fui-Field")?.querySelector("[data-testid=site-setting-name]")).toBeTruthy();
    expect(calls.find((c) => c.cmd === "settings_set")?.args).toEqual({ portal: portal.id, name: "Custom/Feature", value: "on" });
  }, 15_000); // The first dialog of a file mounts slowly in jsdom (Fluent's styles and focus management).
});
