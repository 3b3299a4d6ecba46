// A bulk action from choice to undo: its parameters (a role, an invitation's roles and expiry),
// the core's exact preview of what changes, applying with progress and Cancel, then the result
// with Undo.
import {
  Button,
  Caption1,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Dropdown,
  Field,
  MessageBar,
  MessageBarBody,
  Option,
  ProgressBar,
  Spinner,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { useCallback, useState } from "react";
import {
  ApiError,
  cancelBulk,
  useApplyBulk,
  useBulkPreview,
  useBulkProgressed,
  useUndoBulk,
  type BulkAction,
  type BulkPreview,
  type BulkProgressed,
  type BulkResult,
  type BulkTarget,
  type WebRole,
} from "../../api";
import { ExpiryDateField } from "../../components/ExpiryDateField";
import { countOf, formatCount } from "../../components/numbers";
import { BULK_LABEL, type BulkKind } from "./labels";

const useStyles = makeStyles({
  surface: { maxWidth: "820px" },
  content: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM },
  lines: { maxHeight: "320px", overflowY: "auto" },
  arrow: { color: tokens.colorNeutralForeground3, paddingInline: tokens.spacingHorizontalXS },
  muted: { color: tokens.colorNeutralForeground3 },
});

type Phase = { step: "preview" } | { step: "applying" } | { step: "done"; result: BulkResult } | { step: "cancelled" };

interface Props {
  portal: string;
  kind: BulkKind;
  target: BulkTarget;
  /** How many contacts the target covers, as the list counts them. */
  selected: number;
  roles: readonly WebRole[];
  onClose: () => void;
}

/** The action to preview, once its parameters are complete. */
function actionFor(kind: BulkKind, roleId: string | null, inviteRoles: string[], expiry: string): BulkAction | null {
  switch (kind) {
    case "assign_role":
    case "unassign_role":
      return roleId ? { action: kind, role_id: roleId } : null;
    case "invite":
      return { action: "invite", expiry_date: expiry === "" ? null : expiry, role_ids: inviteRoles };
    default:
      return { action: kind };
  }
}

export function BulkDialog({ portal, kind, target, selected, roles, onClose }: Props) {
  const styles = useStyles();
  const [roleId, setRoleId] = useState<string | null>(null);
  const [inviteRoles, setInviteRoles] = useState<string[]>([]);
  const [expiry, setExpiry] = useState("");
  // Invite's parameters are optional, so its preview waits for an explicit request.
  const [inviteReady, setInviteReady] = useState(false);
  const action = kind === "invite" && !inviteReady ? null : actionFor(kind, roleId, inviteRoles, expiry);
  const [phase, setPhase] = useState<Phase>({ step: "preview" });
  const preview = useBulkPreview(portal, target, action);
  const apply = useApplyBulk();
  const undo = useUndoBulk();
  const [progress, setProgress] = useState<BulkProgressed | null>(null);
  const [cancelError, setCancelError] = useState<string | null>(null);
  useBulkProgressed(useCallback((p: BulkProgressed) => setProgress(p), []));
  const applying = phase.step === "applying";

  const start = () => {
    if (!action) return;
    setProgress(null);
    setPhase({ step: "applying" });
    apply.mutate(
      { portal, target, action },
      {
        onSuccess: (result) => setPhase({ step: "done", result }),
        // A cancel is not a failure: nothing was written, and the dialog says so.
        onError: (e) => setPhase(e instanceof ApiError && e.code === "cancelled" ? { step: "cancelled" } : { step: "preview" }),
      },
    );
  };

  return (
    <Dialog open modalType={applying ? "alert" : "modal"} onOpenChange={(_, d) => !d.open && !applying && onClose()}>
      <DialogSurface className={styles.surface} aria-describedby={undefined} data-testid="bulk-dialog">
        <DialogBody>
          <DialogTitle>
            {BULK_LABEL[kind].replace("…", "")} · {countOf(selected, "selected contact")}
          </DialogTitle>
          <DialogContent className={styles.content}>
            {phase.step === "preview" && (kind === "assign_role" || kind === "unassign_role") && (
              <Field label="Role" required>
                <Dropdown
                  placeholder="Choose a web role"
                  value={roles.find((r) => r.id === roleId)?.name ?? ""}
                  selectedOptions={roleId ? [roleId] : []}
                  onOptionSelect={(_, d) => setRoleId(d.optionValue ?? null)}
                  data-testid="bulk-role"
                >
                  {roles.map((r) => (
                    <Option key={r.id} value={r.id}>
                      {r.name}
                    </Option>
                  ))}
                </Dropdown>
              </Field>
            )}
            {phase.step === "preview" && kind === "invite" && (
              <>
                <Text>Creates one single invitation per contact; the portal's Send Invitation workflow mails it.</Text>
                <Field label="Roles given on redemption">
                  <Dropdown
                    multiselect
                    placeholder="No roles"
                    value={roles
                      .filter((r) => inviteRoles.includes(r.id))
                      .map((r) => r.name)
                      .join(", ")}
                    selectedOptions={inviteRoles}
                    onOptionSelect={(_, d) => {
                      setInviteRoles(d.selectedOptions);
                      setInviteReady(false);
                    }}
                    data-testid="bulk-invite-roles"
                  >
                    {roles.map((r) => (
                      <Option key={r.id} value={r.id}>
                        {r.name}
                      </Option>
                    ))}
                  </Dropdown>
                </Field>
                <ExpiryDateField
                  label="Expiry"
                  value={expiry}
                  onChange={(value) => {
                    setExpiry(value);
                    setInviteReady(false);
                  }}
                  hint="Valid until this date begins (00:00 UTC)."
                  testId="bulk-invite-expiry"
                />
                {!inviteReady && (
                  <div>
                    <Button onClick={() => setInviteReady(true)} data-testid="bulk-preview">
                      Preview
                    </Button>
                  </div>
                )}
              </>
            )}
            {phase.step === "preview" && action && preview.isPending && <Spinner size="small" label="Working out what changes…" />}
            {phase.step === "preview" && preview.isError && (
              <MessageBar intent="error">
                <MessageBarBody>{preview.error.message}</MessageBarBody>
              </MessageBar>
            )}
            {phase.step === "preview" && apply.isError && (
              <MessageBar intent="error" data-testid="bulk-error">
                <MessageBarBody>{apply.error.message}</MessageBarBody>
              </MessageBar>
            )}
            {phase.step === "preview" && preview.data && <PreviewLines preview={preview.data} />}
            {applying && (
              <Field
                label={`Applying: ${preview.data?.description ?? BULK_LABEL[kind]}`}
                hint={progress ? `${formatCount(progress.done)} of ${formatCount(progress.total)} contacts` : "Starting…"}
              >
                <ProgressBar value={progress && progress.total > 0 ? progress.done / progress.total : undefined} data-testid="bulk-progress" />
              </Field>
            )}
            {applying && cancelError && (
              <MessageBar intent="error">
                <MessageBarBody>Could not cancel: {cancelError}</MessageBarBody>
              </MessageBar>
            )}
            {phase.step === "cancelled" && (
              <MessageBar intent="warning" data-testid="bulk-cancelled">
                <MessageBarBody>Cancelled. Nothing was written.</MessageBarBody>
              </MessageBar>
            )}
            {phase.step === "done" && (
              <MessageBar intent="success" data-testid="bulk-result">
                <MessageBarBody>
                  {phase.result.description}: {countOf(phase.result.changed, "contact")} changed.
                </MessageBarBody>
              </MessageBar>
            )}
            {undo.isSuccess && (
              <MessageBar intent="info" data-testid="bulk-undone">
                <MessageBarBody>
                  Undone: {countOf(undo.data.changed, "contact")} restored.
                </MessageBarBody>
              </MessageBar>
            )}
            {undo.isError && (
              <MessageBar intent="error">
                <MessageBarBody>{undo.error.message}</MessageBarBody>
              </MessageBar>
            )}
          </DialogContent>
          <DialogActions>
            {phase.step === "preview" && (
              <>
                <Button onClick={onClose}>Cancel</Button>
                <Button
                  appearance="primary"
                  disabled={!preview.data || preview.data.changing === 0 || apply.isPending}
                  onClick={start}
                  data-testid="bulk-apply"
                >
                  Apply to {countOf(preview.data?.changing ?? 0, "contact")}
                </Button>
              </>
            )}
            {applying && (
              <Button onClick={() => cancelBulk().catch((e: unknown) => setCancelError(String(e)))} data-testid="bulk-cancel">
                Cancel
              </Button>
            )}
            {phase.step === "done" && phase.result.batch_id !== null && (
              <Button
                disabled={undo.isPending || undo.isSuccess}
                onClick={() => phase.result.batch_id !== null && undo.mutate({ portal, batchId: phase.result.batch_id })}
                data-testid="bulk-undo"
              >
                Undo
              </Button>
            )}
            {(phase.step === "done" || phase.step === "cancelled") && (
              <Button appearance="primary" onClick={onClose} data-testid="bulk-close">
                Close
              </Button>
            )}
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}

function PreviewLines({ preview }: { preview: BulkPreview }) {
  const styles = useStyles();
  return (
    <>
      <Text data-testid="bulk-summary">
        <Text weight="semibold">{preview.description}.</Text> {formatCount(preview.changing)} of {formatCount(preview.selected)}{" "}
        selected contacts change
        {preview.unchanged > 0 && `; ${formatCount(preview.unchanged)} already ${preview.unchanged === 1 ? "is" : "are"} as wanted`}.
      </Text>
      {preview.lines.length > 0 && (
        <div className={styles.lines}>
          <Table size="small" aria-label="Changes">
            <TableHeader>
              <TableRow>
                <TableHeaderCell>Contact</TableHeaderCell>
                <TableHeaderCell>Field</TableHeaderCell>
                <TableHeaderCell>Change</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {preview.lines.map((line, i) => (
                <TableRow key={`${line.contact_id}-${line.field}-${i}`} data-testid="bulk-line" data-contact-id={line.contact_id}>
                  <TableCell>{line.contact}</TableCell>
                  <TableCell>{line.field}</TableCell>
                  <TableCell>
                    {line.before}
                    <span className={styles.arrow} aria-label="becomes">
                      →
                    </span>
                    {line.after}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </div>
      )}
      {preview.truncated && (
        <Caption1 className={styles.muted} data-testid="bulk-more">
          … and more: only the first {formatCount(preview.lines.length)} changes are listed.
        </Caption1>
      )}
    </>
  );
}
