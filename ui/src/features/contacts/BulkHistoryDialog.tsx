// The portal's bulk actions, newest first, each with Undo unless it has been undone already.
import {
  Button,
  Caption1,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  MessageBar,
  MessageBarBody,
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
import { ArrowUndo20Regular } from "@fluentui/react-icons";
import { useBulkBatches, useUndoBulk } from "../../api";
import { localDateTime, utcDateTime } from "../../components/dates";
import { countOf, formatCount } from "../../components/numbers";

const useStyles = makeStyles({
  surface: { maxWidth: "900px" },
  content: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM },
  muted: { color: tokens.colorNeutralForeground3 },
});

export function BulkHistoryDialog({ portal, onClose }: { portal: string; onClose: () => void }) {
  const styles = useStyles();
  const batches = useBulkBatches(portal, true);
  const undo = useUndoBulk();
  const list = [...(batches.data ?? [])].sort((a, b) => b.id - a.id);
  return (
    <Dialog open onOpenChange={(_, d) => !d.open && onClose()}>
      <DialogSurface className={styles.surface} aria-describedby={undefined} data-testid="bulk-history">
        <DialogBody>
          <DialogTitle>Bulk action history</DialogTitle>
          <DialogContent className={styles.content}>
            {batches.isPending && <Spinner size="small" label="Loading history…" />}
            {batches.isError && (
              <MessageBar intent="error">
                <MessageBarBody>{batches.error.message}</MessageBarBody>
              </MessageBar>
            )}
            {undo.isSuccess && (
              <MessageBar intent="success" data-testid="bulk-history-message">
                <MessageBarBody>
                  {undo.data.description}: {countOf(undo.data.changed, "contact")} restored.
                </MessageBarBody>
              </MessageBar>
            )}
            {undo.isError && (
              <MessageBar intent="error">
                <MessageBarBody>{undo.error.message}</MessageBarBody>
              </MessageBar>
            )}
            {batches.data && list.length === 0 && <Text>No bulk action has been applied to this portal yet.</Text>}
            {list.length > 0 && (
              <Table size="small" aria-label="Bulk actions">
                <TableHeader>
                  <TableRow>
                    <TableHeaderCell style={{ width: "180px" }}>When</TableHeaderCell>
                    <TableHeaderCell>What</TableHeaderCell>
                    <TableHeaderCell style={{ width: "90px" }}>Contacts</TableHeaderCell>
                    <TableHeaderCell style={{ width: "150px" }} />
                  </TableRow>
                </TableHeader>
                <TableBody>
                  {list.map((batch) => (
                    <TableRow key={batch.id} data-testid="bulk-batch" data-batch-id={batch.id}>
                      <TableCell>
                        <span title={utcDateTime(batch.at)}>{localDateTime(batch.at)}</span>
                        <Caption1 className={styles.muted}> · {batch.actor}</Caption1>
                      </TableCell>
                      <TableCell>{batch.description}</TableCell>
                      <TableCell>{formatCount(batch.contacts)}</TableCell>
                      <TableCell>
                        {batch.undone_by !== null ? (
                          <Caption1 className={styles.muted}>Undone (#{batch.undone_by})</Caption1>
                        ) : null}
                        <Button
                          size="small"
                          icon={<ArrowUndo20Regular />}
                          disabled={batch.undone_by !== null || undo.isPending}
                          onClick={() => undo.mutate({ portal, batchId: batch.id })}
                          data-testid="bulk-batch-undo"
                        >
                          Undo
                        </Button>
                      </TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            )}
          </DialogContent>
          <DialogActions>
            <Button appearance="primary" onClick={onClose}>
              Close
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
