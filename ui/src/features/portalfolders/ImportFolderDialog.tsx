// Importing a portal folder (`pac pages download`): choose the folder, preview what it holds and
// what it changes (the semantic diff over an existing portal; for a new portal, the facts the
// folder lacks), then import in one transaction with progress, and a summary of what came in.
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
  Input,
  MessageBar,
  MessageBarBody,
  ProgressBar,
  Subtitle2,
  Text,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { useCallback, useState } from "react";
import { previewImport, useImportFolder, usePacProgressed, type ImportPreview, type PacProgressed } from "../../api";
import { formErrors } from "../../components/formErrors";
import { countOf } from "../../components/numbers";
import { FolderPicker } from "./FolderPicker";
import { PacDiffView } from "./PacDiffView";
import { FolderCounts, layoutTitle } from "./FolderCounts";
import { usePreview } from "./usePreview";

const useStyles = makeStyles({
  surface: { maxWidth: "900px", width: "90vw" },
  content: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM },
  mono: { fontFamily: tokens.fontFamilyMonospace, overflowWrap: "anywhere" },
  grid: { display: "grid", gridTemplateColumns: "1fr 1fr 1fr", gap: tokens.spacingHorizontalM },
});

const NEW_PORTAL_FIELDS = ["url", "environment_url", "app_id", "name"] as const;

export function ImportFolderDialog({ onClose }: { onClose: () => void }) {
  const styles = useStyles();
  const [folder, setFolder] = useState("");
  const [portal, setPortal] = useState("");
  const [url, setUrl] = useState("");
  const [environment, setEnvironment] = useState("");
  const [appId, setAppId] = useState("");
  const previewed = usePreview<ImportPreview>();
  const { result: preview, error: previewError, running: previewing } = previewed;
  const [progress, setProgress] = useState<PacProgressed | null>(null);
  const importing = useImportFolder();
  usePacProgressed(useCallback((p: PacProgressed) => setProgress(p), []));

  const reset = () => {
    previewed.reset();
    importing.reset();
  };
  const runPreview = async () => {
    importing.reset();
    const p = await previewed.run(() => previewImport(folder.trim(), portal.trim() || null));
    setProgress(null);
    if (p && !p.portal && p.summary.environment_url && !environment) setEnvironment(p.summary.environment_url);
  };
  const runImport = () =>
    importing.mutate({
      folder: folder.trim(),
      portal: portal.trim() || null,
      url: preview?.portal ? null : url.trim(),
      environment_url: preview?.portal ? null : environment.trim(),
      app_id: preview?.portal ? null : appId.trim(),
      confirm: true,
    });

  const errors = formErrors(importing.error, preview && !preview.portal ? NEW_PORTAL_FIELDS : []);
  const busy = previewing || importing.isPending;
  const done = importing.data;
  const nothingToDo = preview?.portal && preview.diff.records.length === 0 && preview.diff.files.length === 0;
  const confirmLabel = !preview?.portal ? "Import" : nothingToDo ? "Nothing to change" : "Apply changes";

  return (
    <Dialog open onOpenChange={(_, d) => !d.open && !busy && onClose()}>
      <DialogSurface className={styles.surface} aria-describedby={undefined} data-testid="pac-import-dialog">
        <DialogBody>
          <DialogTitle>Import portal folder</DialogTitle>
          <DialogContent className={styles.content}>
            {!done && (
              <>
                <Text>
                  A folder written by <code>pac pages download</code>: the download folder (aggregate layout) or the
                  folder holding a code site&apos;s <code>.powerpages-site</code>.
                </Text>
                <FolderPicker
                  label="Folder"
                  value={folder}
                  onChange={(v) => {
                    setFolder(v);
                    reset();
                  }}
                  inputTestId="pac-folder-input"
                  browseTestId="pac-folder-browse"
                  disabled={busy}
                />
                <Field label="Import into portal" hint="A portal's name or id. Empty: the portal with the folder's website id, or a new portal named after the website.">
                  <Input
                    value={portal}
                    onChange={(_, d) => {
                      setPortal(d.value);
                      reset();
                    }}
                    disabled={busy}
                    data-testid="pac-portal-input"
                  />
                </Field>
              </>
            )}
            {busy && (
              <Field
                label={previewing ? "Reading the folder…" : "Importing…"}
                hint={progress && progress.total > 0 ? `${progress.phase} ${progress.done} of ${progress.total}` : undefined}
              >
                <ProgressBar
                  value={progress && progress.total > 0 ? progress.done / progress.total : undefined}
                  data-testid="pac-progress"
                />
              </Field>
            )}
            {previewError && (
              <MessageBar intent="error" data-testid="pac-error">
                <MessageBarBody>{previewError.message}</MessageBarBody>
              </MessageBar>
            )}
            {preview && !done && (
              <>
                <div data-testid="pac-summary">
                  <Subtitle2 block>
                    {preview.summary.website_name} · {layoutTitle(preview.summary.layout)}
                  </Subtitle2>
                  <Caption1 className={styles.mono} as="p">
                    {preview.summary.folder} · website {preview.summary.website_id}
                  </Caption1>
                  <FolderCounts summary={preview.summary} />
                </div>
                {preview.summary.warnings.map((w) => (
                  <MessageBar key={w} intent="warning" data-testid="pac-warning">
                    <MessageBarBody>{w}</MessageBarBody>
                  </MessageBar>
                ))}
                {preview.portal ? (
                  <>
                    <Text data-testid="pac-target">
                      Importing over <strong>{preview.portal.name}</strong>
                      {preview.needs_confirmation ? ": review what changes, then apply." : "."}
                    </Text>
                    <PacDiffView diff={preview.diff} />
                  </>
                ) : (
                  <section aria-label="New portal" data-testid="pac-new-portal">
                    <Subtitle2 block>New portal</Subtitle2>
                    <Text as="p">
                      The folder does not say where the portal runs or which application it signs in as. The records
                      keep their ids; the portal takes the website&apos;s id and name.
                    </Text>
                    <div className={styles.grid}>
                      <Field label="Portal URL" required validationMessage={errors.field("url")}>
                        <Input value={url} onChange={(_, d) => setUrl(d.value)} placeholder="https://…" data-testid="pac-new-url" />
                      </Field>
                      <Field label="Dataverse environment URL" required validationMessage={errors.field("environment_url")}>
                        <Input
                          value={environment}
                          onChange={(_, d) => setEnvironment(d.value)}
                          placeholder="https://…crm.dynamics.com"
                          data-testid="pac-new-env"
                        />
                      </Field>
                      <Field label="Application (client) id" required validationMessage={errors.field("app_id")}>
                        <Input value={appId} onChange={(_, d) => setAppId(d.value)} data-testid="pac-new-app-id" />
                      </Field>
                    </div>
                    {errors.field("name") && (
                      <MessageBar intent="error">
                        <MessageBarBody>{errors.field("name")}</MessageBarBody>
                      </MessageBar>
                    )}
                  </section>
                )}
              </>
            )}
            {errors.general && (
              <MessageBar intent="error" data-testid="pac-error">
                <MessageBarBody>{errors.general}</MessageBarBody>
              </MessageBar>
            )}
            {done && (
              <div data-testid="pac-import-result">
                <MessageBar intent="success">
                  <MessageBarBody>
                    Imported {done.summary.website_name} into {done.portal.name} (
                    {done.created ? "new portal" : `updated: ${countOf(done.diff.added, "record")} added, ${done.diff.removed} removed, ${done.diff.changed} changed`}
                    ).
                  </MessageBarBody>
                </MessageBar>
                <FolderCounts summary={done.summary} />
                {done.summary.warnings.map((w) => (
                  <MessageBar key={w} intent="warning" data-testid="pac-warning">
                    <MessageBarBody>{w}</MessageBarBody>
                  </MessageBar>
                ))}
              </div>
            )}
          </DialogContent>
          <DialogActions>
            {done ? (
              <Button appearance="primary" onClick={onClose} data-testid="pac-import-close">
                Close
              </Button>
            ) : (
              <>
                <Button onClick={onClose} disabled={busy}>
                  Cancel
                </Button>
                <Button onClick={() => void runPreview()} disabled={busy || folder.trim() === ""} data-testid="pac-preview">
                  Preview
                </Button>
                <Button
                  appearance="primary"
                  onClick={runImport}
                  disabled={busy || !preview || Boolean(nothingToDo)}
                  data-testid="pac-import-confirm"
                >
                  {confirmLabel}
                </Button>
              </>
            )}
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
