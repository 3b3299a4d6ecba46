// Importing contacts from a CSV file: the core's dry run first (row count, per-row errors, the
// first contacts as they would be created, ignored columns), then the import, all or nothing.
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
  Subtitle2,
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
import { useContactCsvPreview, useImportContactsCsv } from "../../api";
import { countOf } from "../../components/numbers";

const useStyles = makeStyles({
  surface: { maxWidth: "860px" },
  content: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM },
  scroll: { maxHeight: "240px", overflowY: "auto" },
  path: { fontFamily: tokens.fontFamilyMonospace, wordBreak: "break-all" },
});

interface Props {
  portal: string;
  path: string;
  onClose: () => void;
}

export function CsvImportDialog({ portal, path, onClose }: Props) {
  const styles = useStyles();
  const preview = useContactCsvPreview(portal, path);
  const importing = useImportContactsCsv();
  const report = preview.data;
  const blocked = !report || report.errors.length > 0 || report.rows === 0;
  return (
    <Dialog open onOpenChange={(_, d) => !d.open && !importing.isPending && onClose()}>
      <DialogSurface className={styles.surface} aria-describedby={undefined} data-testid="csv-import">
        <DialogBody>
          <DialogTitle>Import contacts</DialogTitle>
          <DialogContent className={styles.content}>
            <Caption1 className={styles.path}>{path}</Caption1>
            {preview.isPending && <Spinner size="small" label="Reading the file…" />}
            {preview.isError && (
              <MessageBar intent="error" data-testid="csv-import-error">
                <MessageBarBody>{preview.error.message}</MessageBarBody>
              </MessageBar>
            )}
            {report && (
              <Text data-testid="csv-import-summary">
                {countOf(report.rows, "row")}
                {report.errors.length > 0
                  ? `, ${countOf(report.errors.length, "problem")}: fix the file and choose it again. Nothing is imported while any row has an error.`
                  : ", no problems."}
              </Text>
            )}
            {report && report.ignored_columns.length > 0 && (
              <MessageBar intent="info">
                <MessageBarBody>Ignored columns: {report.ignored_columns.join(", ")}.</MessageBarBody>
              </MessageBar>
            )}
            {report && report.errors.length > 0 && (
              <div className={styles.scroll}>
                <Table size="small" aria-label="Problems">
                  <TableHeader>
                    <TableRow>
                      <TableHeaderCell style={{ width: "70px" }}>Line</TableHeaderCell>
                      <TableHeaderCell style={{ width: "140px" }}>Column</TableHeaderCell>
                      <TableHeaderCell>Problem</TableHeaderCell>
                    </TableRow>
                  </TableHeader>
                  <TableBody>
                    {report.errors.map((error, i) => (
                      <TableRow key={`${error.line}-${error.field}-${i}`} data-testid="csv-error" data-line={error.line}>
                        <TableCell>{error.line}</TableCell>
                        <TableCell>{error.field}</TableCell>
                        <TableCell>{error.message}</TableCell>
                      </TableRow>
                    ))}
                  </TableBody>
                </Table>
              </div>
            )}
            {report && report.sample.length > 0 && (
              <>
                <Subtitle2>First contacts as they would be created</Subtitle2>
                <div className={styles.scroll}>
                  <Table size="small" aria-label="Sample">
                    <TableHeader>
                      <TableRow>
                        <TableHeaderCell>Name</TableHeaderCell>
                        <TableHeaderCell>E-mail</TableHeaderCell>
                        <TableHeaderCell>User name</TableHeaderCell>
                      </TableRow>
                    </TableHeader>
                    <TableBody>
                      {report.sample.map((c) => (
                        <TableRow key={c.id} data-testid="csv-sample">
                          <TableCell>{[c.first_name, c.last_name].filter(Boolean).join(" ") || "—"}</TableCell>
                          <TableCell>{c.email ?? "—"}</TableCell>
                          <TableCell>{c.username ?? "—"}</TableCell>
                        </TableRow>
                      ))}
                    </TableBody>
                  </Table>
                </div>
              </>
            )}
            {importing.isError && (
              <MessageBar intent="error">
                <MessageBarBody>{importing.error.message}</MessageBarBody>
              </MessageBar>
            )}
            {importing.isSuccess && (
              <MessageBar intent="success" data-testid="csv-import-done">
                <MessageBarBody>
                  Created {countOf(importing.data.created, "contact")}.
                </MessageBarBody>
              </MessageBar>
            )}
          </DialogContent>
          <DialogActions>
            {!importing.isSuccess && (
              <>
                <Button onClick={onClose}>Cancel</Button>
                <Button
                  appearance="primary"
                  disabled={blocked || importing.isPending}
                  onClick={() => importing.mutate({ portal, path })}
                  data-testid="csv-import-apply"
                >
                  {report && !blocked ? `Import ${countOf(report.rows, "contact")}` : "Import"}
                </Button>
              </>
            )}
            {importing.isSuccess && (
              <Button appearance="primary" onClick={onClose}>
                Close
              </Button>
            )}
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
