// Portals: every portal of the workspace, with add, edit and remove, and portal folders
// (`pac pages download`) imported as portals or exported from them.
import {
  Button,
  Menu,
  MenuItem,
  MenuList,
  MenuPopover,
  MenuTrigger,
  MessageBar,
  MessageBarBody,
  Spinner,
  Table,
  TableBody,
  TableCell,
  TableCellLayout,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  Title2,
  Toolbar,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import {
  Add24Regular,
  Delete20Regular,
  Edit20Regular,
  FolderArrowRight20Regular,
  FolderArrowUp24Regular,
  MoreHorizontal20Regular,
} from "@fluentui/react-icons";
import { useState } from "react";
import { usePortals } from "../../api";
import type { Portal } from "../../api";
import { useSelectedPortal } from "../../components/SelectedPortal";
import { StateBadge } from "../../components/StateBadge";
import { ExportFolderDialog } from "../portalfolders/ExportFolderDialog";
import { ImportFolderDialog } from "../portalfolders/ImportFolderDialog";
import { PortalFormDialog } from "./PortalFormDialog";
import { RemovePortalDialog } from "./RemovePortalDialog";

const useStyles = makeStyles({
  page: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM },
  table: { backgroundColor: tokens.colorNeutralBackground1, tableLayout: "fixed" },
  clip: { overflow: "hidden", textOverflow: "ellipsis", whiteSpace: "nowrap" },
  current: { fontWeight: tokens.fontWeightSemibold },
});

type Dialog =
  | { kind: "add" }
  | { kind: "edit"; portal: Portal }
  | { kind: "remove"; portal: Portal }
  | { kind: "import-folder" }
  | { kind: "export-folder"; portal: Portal }
  | null;

export function PortalsPage() {
  const styles = useStyles();
  const portals = usePortals();
  const { portal: selected, select } = useSelectedPortal();
  const [dialog, setDialog] = useState<Dialog>(null);

  return (
    <div className={styles.page}>
      <Title2 as="h1">Portals</Title2>
      <Text>Every portal this workspace watches. Select one to work on it; its name appears in the header.</Text>
      <Toolbar aria-label="Portal actions">
        <Button appearance="primary" icon={<Add24Regular />} onClick={() => setDialog({ kind: "add" })} data-testid="portal-add">
          Add portal
        </Button>
        <Button icon={<FolderArrowUp24Regular />} onClick={() => setDialog({ kind: "import-folder" })} data-testid="portal-import-folder">
          Import portal folder
        </Button>
      </Toolbar>
      {portals.isPending && <Spinner label="Loading portals…" />}
      {portals.isError && (
        <MessageBar intent="error">
          <MessageBarBody>{portals.error.message}</MessageBarBody>
        </MessageBar>
      )}
      {portals.data && portals.data.length === 0 && <Text>No portals yet. Add the first one.</Text>}
      {portals.data && portals.data.length > 0 && (
        <Table className={styles.table} aria-label="Portals" data-testid="portals-table">
          <TableHeader>
            <TableRow>
              <TableHeaderCell style={{ width: "24%" }}>Name</TableHeaderCell>
              <TableHeaderCell style={{ width: "120px" }}>State</TableHeaderCell>
              <TableHeaderCell style={{ width: "30%" }}>Portal URL</TableHeaderCell>
              <TableHeaderCell style={{ width: "26%" }}>Dataverse environment</TableHeaderCell>
              <TableHeaderCell style={{ width: "20%" }}>Owner</TableHeaderCell>
              <TableHeaderCell style={{ width: "56px" }} aria-label="Actions" />
            </TableRow>
          </TableHeader>
          <TableBody>
            {portals.data.map((p) => (
              <TableRow
                key={p.id}
                data-testid="portal-row"
                data-name={p.name}
                aria-selected={p.id === selected?.id}
                onClick={() => select(p.id)}
              >
                <TableCell>
                  <TableCellLayout truncate title={p.name} className={p.id === selected?.id ? styles.current : undefined}>
                    {p.name}
                  </TableCellLayout>
                </TableCell>
                <TableCell>
                  <StateBadge state={p.state} />
                </TableCell>
                <TableCell className={styles.clip} title={p.url}>
                  {p.url}
                </TableCell>
                <TableCell className={styles.clip} title={p.environment_url}>
                  {p.environment_url}
                </TableCell>
                <TableCell className={styles.clip}>{p.owner ?? "—"}</TableCell>
                <TableCell onClick={(e) => e.stopPropagation()}>
                  <Menu>
                    <MenuTrigger disableButtonEnhancement>
                      <Button appearance="subtle" icon={<MoreHorizontal20Regular />} aria-label={`Actions for ${p.name}`} />
                    </MenuTrigger>
                    <MenuPopover>
                      <MenuList>
                        <MenuItem icon={<Edit20Regular />} onClick={() => setDialog({ kind: "edit", portal: p })}>
                          Edit
                        </MenuItem>
                        <MenuItem
                          icon={<FolderArrowRight20Regular />}
                          onClick={() => setDialog({ kind: "export-folder", portal: p })}
                          data-testid="portal-export-folder"
                        >
                          Export to folder…
                        </MenuItem>
                        <MenuItem icon={<Delete20Regular />} onClick={() => setDialog({ kind: "remove", portal: p })}>
                          Remove
                        </MenuItem>
                      </MenuList>
                    </MenuPopover>
                  </Menu>
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      {dialog?.kind === "add" && (
        <PortalFormDialog
          onClose={(saved) => {
            if (saved) select(saved.id);
            setDialog(null);
          }}
        />
      )}
      {dialog?.kind === "edit" && <PortalFormDialog portal={dialog.portal} onClose={() => setDialog(null)} />}
      {dialog?.kind === "remove" && <RemovePortalDialog portal={dialog.portal} onClose={() => setDialog(null)} />}
      {dialog?.kind === "import-folder" && <ImportFolderDialog onClose={() => setDialog(null)} />}
      {dialog?.kind === "export-folder" && <ExportFolderDialog portal={dialog.portal} onClose={() => setDialog(null)} />}
    </div>
  );
}
