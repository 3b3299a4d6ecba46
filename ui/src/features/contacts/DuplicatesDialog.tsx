// Contacts sharing an e-mail address, group by group with each one's active state, and what an
// administrator can do about a group.
import {
  Badge,
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
  Text,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { useContactDuplicates } from "../../api";

const useStyles = makeStyles({
  surface: { maxWidth: "760px" },
  content: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM },
  group: {
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalXS,
    padding: tokens.spacingVerticalS,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground2,
  },
  list: { listStyle: "none", margin: 0, padding: 0, display: "flex", flexDirection: "column", gap: tokens.spacingVerticalXXS },
  contact: { display: "flex", gap: tokens.spacingHorizontalS, alignItems: "center" },
  muted: { color: tokens.colorNeutralForeground3 },
});

interface Props {
  portal: string;
  onOpen: (id: string) => void;
  onClose: () => void;
}

export function DuplicatesDialog({ portal, onOpen, onClose }: Props) {
  const styles = useStyles();
  const report = useContactDuplicates(portal, true);
  return (
    <Dialog open onOpenChange={(_, d) => !d.open && onClose()}>
      <DialogSurface className={styles.surface} aria-describedby={undefined} data-testid="duplicates-dialog">
        <DialogBody>
          <DialogTitle>Contacts sharing an e-mail address</DialogTitle>
          <DialogContent className={styles.content}>
            {report.isPending && <Spinner size="small" label="Looking for duplicates…" />}
            {report.isError && (
              <MessageBar intent="error">
                <MessageBarBody>{report.error.message}</MessageBarBody>
              </MessageBar>
            )}
            {report.data && (
              <>
                <MessageBar intent={report.data.require_unique_email && report.data.groups.length > 0 ? "warning" : "info"}>
                  <MessageBarBody>
                    {report.data.require_unique_email
                      ? "This portal requires unique e-mail addresses (RequireUniqueEmail): nobody in these groups can sign in until only one contact keeps the address. Deactivated contacts count too."
                      : "This portal does not require unique e-mail addresses (RequireUniqueEmail is off): a shared address does not block sign-in."}
                  </MessageBarBody>
                </MessageBar>
                {report.data.groups.length === 0 && <Text>No two contacts share an e-mail address.</Text>}
                {report.data.groups.map((group) => (
                  <section key={group.email} className={styles.group} data-testid="duplicate-group" data-email={group.email}>
                    <Subtitle2>{group.email}</Subtitle2>
                    <ul className={styles.list}>
                      {group.contacts.map((c) => (
                        <li key={c.id} className={styles.contact}>
                          <Text>{c.name || "(no name)"}</Text>
                          {c.username && <Caption1 className={styles.muted}>{c.username}</Caption1>}
                          <Badge appearance="tint" color={c.active ? "success" : "subtle"} data-testid="duplicate-state">
                            {c.active ? "Active" : "Inactive"}
                          </Badge>
                          <Button size="small" appearance="subtle" onClick={() => onOpen(c.id)} aria-label={`Open ${c.name}`}>
                            Open
                          </Button>
                        </li>
                      ))}
                    </ul>
                  </section>
                ))}
                {report.data.groups.length > 0 && report.data.advice.length > 0 && (
                  <div data-testid="duplicates-advice">
                    <Subtitle2>What you can do</Subtitle2>
                    <ul>
                      {report.data.advice.map((line) => (
                        <li key={line}>
                          <Text>{line}</Text>
                        </li>
                      ))}
                    </ul>
                  </div>
                )}
              </>
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
