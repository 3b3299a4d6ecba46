// Exporting a portal to a folder `pac pages upload` accepts: choose the folder and layout, preview
// (a folder that changed since the portal last read or wrote it shows what the export would
// overwrite, and needs confirmation), then write.
import {
  Button,
  Caption1,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Field,
  MessageBar,
  MessageBarBody,
  Select,
  Spinner,
  Text,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { useState } from "react";
import { previewExport, useExportFolder, type ExportPreview, type Layout, type Portal } from "../../api";
import { FolderPicker } from "./FolderPicker";
import { layoutTitle } from "./FolderCounts";
import { PacDiffView } from "./PacDiffView";
import { usePreview } from "./usePreview";

const useStyles = makeStyles({
  surface: { maxWidth: "860px", width: "90vw" },
  content: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM },
  mono: { fontFamily: tokens.fontFamilyMonospace, overflowWrap: "anywhere" },
});

export function ExportFolderDialog({ portal, onClose }: { portal: Portal; onClose: () => void }) {
  const styles = useStyles();
  const [folder, setFolder] = useState("");
  const [layout, setLayout] = useState<Layout | "">("");
  const previewed = usePreview<ExportPreview>();
  const { result: preview, error: previewError, running: previewing } = previewed;
  const exporting = useExportFolder();

  const reset = () => {
    previewed.reset();
    exporting.reset();
  };
  const runPreview = async () => {
    exporting.reset();
    await previewed.run(() => previewExport(portal.id, folder.trim(), layout || null));
  };
  const busy = previewing || exporting.isPending;
  const done = exporting.data;
  const error = previewError ?? exporting.error;

  return (
    <Dialog open onOpenChange={(_, d) => !d.open && !busy && onClose()}>
      <DialogSurface className={styles.surface} aria-describedby={undefined} data-testid="pac-export-dialog">
        <DialogBody>
          <DialogTitle>Export {portal.name} to a folder</DialogTitle>
          <DialogContent className={styles.content}>
            {!done && (
              <>
                <FolderPicker
                  label="Folder"
                  hint="Created when missing. Files whose records did not change are left as they are."
                  value={folder}
                  onChange={(v) => {
                    setFolder(v);
                    reset();
                  }}
                  inputTestId="pac-export-folder"
                  browseTestId="pac-export-browse"
                  disabled={busy}
                />
                <Field label="Layout">
                  <Select
                    value={layout}
                    onChange={(_, d) => {
                      setLayout(d.value as Layout | "");
                      reset();
                    }}
                    disabled={busy}
                    data-testid="pac-export-layout"
                  >
                    <option value="">Same as imported (aggregate for a portal made here)</option>
                    <option value="aggregate">{layoutTitle("aggregate")}</option>
                    <option value="code_site">{layoutTitle("code_site")}</option>
                  </Select>
                </Field>
              </>
            )}
            {busy && <Spinner size="small" label={previewing ? "Comparing with the folder…" : "Writing…"} />}
            {error && (
              <MessageBar intent="error" data-testid="pac-error">
                <MessageBarBody>{error.message}</MessageBarBody>
              </MessageBar>
            )}
            {preview && !done && (
              <>
                <Caption1 className={styles.mono} data-testid="pac-export-target">
                  Writes {preview.folder} ({layoutTitle(preview.layout)})
                </Caption1>
                {preview.warnings.map((w) => (
                  <MessageBar key={w} intent="info" data-testid="pac-warning">
                    <MessageBarBody>{w}</MessageBarBody>
                  </MessageBar>
                ))}
                {preview.needs_confirmation ? (
                  <>
                    <MessageBar intent="warning" data-testid="pac-export-reason">
                      <MessageBarBody>{preview.reason}</MessageBarBody>
                    </MessageBar>
                    <PacDiffView diff={preview.diff} />
                  </>
                ) : (
                  <Text>The folder holds nothing the portal has not seen; the export can go ahead.</Text>
                )}
              </>
            )}
            {done && (
              <MessageBar intent="success" data-testid="pac-export-result">
                <MessageBarBody>
                  Wrote {done.written} file(s) to {done.folder}: {done.unchanged} unchanged, {done.removed} removed.
                  {done.warnings.map((w) => ` ${w}.`).join("")}
                </MessageBarBody>
              </MessageBar>
            )}
          </DialogContent>
          <DialogActions>
            {done ? (
              <Button appearance="primary" onClick={onClose} data-testid="pac-export-close">
                Close
              </Button>
            ) : (
              <>
                <Button onClick={onClose} disabled={busy}>
                  Cancel
                </Button>
                <Button onClick={() => void runPreview()} disabled={busy || folder.trim() === ""} data-testid="pac-export-preview">
                  Preview
                </Button>
                <Button
                  appearance="primary"
                  disabled={busy || !preview}
                  onClick={() =>
                    exporting.mutate({ portal: portal.id, folder: folder.trim(), layout: layout || null, confirm: Boolean(preview?.needs_confirmation) })
                  }
                  data-testid="pac-export-confirm"
                >
                  {preview?.needs_confirmation ? "Overwrite folder" : "Export"}
                </Button>
              </>
            )}
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
