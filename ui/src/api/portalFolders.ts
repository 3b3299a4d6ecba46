// Portal folders over the core (`pac pages download`, both layouts): previews and their semantic
// diffs, importing a folder into a portal, exporting a portal to a folder, and progress events.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import {
  commands,
  events,
  type ExportOutcome,
  type ExportPreview_Serialize,
  type FieldChange,
  type FileChange,
  type FolderSummary_Serialize,
  type ImportOutcome_Serialize,
  type ImportPreview_Serialize,
  type ImportRequest_Deserialize,
  type Layout,
  type PacDiff_Serialize,
  type PacProgressed,
  type RecordDiff_Serialize,
} from "./bindings";
import { refresh } from "./cache";
import { subscribe, unwrap } from "./ipc";

export type ImportPreview = ImportPreview_Serialize;
export type ImportRequest = ImportRequest_Deserialize;
export type ImportOutcome = ImportOutcome_Serialize;
export type ExportPreview = ExportPreview_Serialize;
export type FolderSummary = FolderSummary_Serialize;
export type PacDiff = PacDiff_Serialize;
export type RecordDiff = RecordDiff_Serialize;
export type { ExportOutcome, FieldChange, FileChange, Layout, PacProgressed };
export type { DiffChange, RecordKind } from "./bindings";

/** What importing `folder` would do (into `portal`, a name or id; by default the folder's own). */
export function previewImport(folder: string, portal: string | null): Promise<ImportPreview> {
  return unwrap(commands.pacPreviewImport(folder, portal));
}

export function previewExport(portal: string, folder: string, layout: Layout | null): Promise<ExportPreview> {
  return unwrap(commands.pacPreviewExport(portal, folder, layout));
}

/** Imports a folder; every record kind it writes makes its views stale. */
export function useImportFolder() {
  const client = useQueryClient();
  return useMutation<ImportOutcome, Error, ImportRequest>({
    mutationFn: (request) => unwrap(commands.pacImport(request)),
    onSuccess: () => refresh(client, ["portal", "site_setting", "web_role", "website_access", "page_rule", "table_permission"]),
  });
}

export function useExportFolder() {
  return useMutation<ExportOutcome, Error, { portal: string; folder: string; layout: Layout | null; confirm: boolean }>({
    mutationFn: ({ portal, folder, layout, confirm }) => unwrap(commands.pacExport(portal, folder, layout, confirm)),
  });
}

/** Calls `handler` as a folder is read or written. */
export function usePacProgressed(handler: (progress: PacProgressed) => void) {
  useEffect(() => subscribe(events.pacProgressed.listen((e) => handler(e.payload))), [handler]);
}
