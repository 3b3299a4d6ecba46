// Contacts: the portal's contacts as one scrollable list however many there are, found by search
// and filters, chosen one by one or all matching for a bulk action, imported and exported as CSV,
// with a contact's own page (profile, security, sign-in diagnosis) opened from its row.
import {
  Button,
  Link,
  Menu,
  MenuButton,
  MenuItem,
  MenuItemCheckbox,
  MenuList,
  MenuPopover,
  MenuTrigger,
  MessageBar,
  MessageBarBody,
  Text,
  Title2,
  Toolbar,
  ToolbarDivider,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import {
  ArrowDownload20Regular,
  ArrowUpload20Regular,
  ColumnTriple20Regular,
  History20Regular,
  PeopleSwap20Regular,
  PersonAdd20Regular,
} from "@fluentui/react-icons";
import { open, save } from "@tauri-apps/plugin-dialog";
import { useCallback, useLayoutEffect, useMemo, useState } from "react";
import {
  DEFAULT_CONTACT_SORT,
  exportContactsCsv,
  useAccessOverview,
  useContactCount,
  useContactPages,
  usePrefetchFirstContactPage,
  type BulkTarget,
  type ContactSort,
} from "../../api";
import { AfterFirstCommit } from "../../components/AfterFirstCommit";
import { useNavigation } from "../../components/Navigation";
import { countOf, formatCount } from "../../components/numbers";
import { useSelectedPortal } from "../../components/SelectedPortal";
import { useDebounced } from "../../components/useDebounced";
import { BulkDialog } from "./BulkDialog";
import { BulkHistoryDialog } from "./BulkHistoryDialog";
import { ContactDetails } from "./ContactDetails";
import { ContactFilters, NO_FILTER, toContactFilter, type FilterState } from "./ContactFilters";
import { COLUMNS, COLUMN_ORDER, ContactTable, MAX_LIST_ROWS, type ColumnId, type Selection } from "./ContactTable";
import { CsvImportDialog } from "./CsvImportDialog";
import { DuplicatesDialog } from "./DuplicatesDialog";
import { BULK_LABEL, contactName, type BulkKind } from "./labels";
import { NewContactDialog } from "./NewContactDialog";

const FIRST_PAGE: readonly number[] = [0];
/** The toolbar's and filters' height in a 1280-pixel window, held for them before they first render. */
const CONTROLS_HEIGHT = 152;

const useStyles = makeStyles({
  page: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM, minWidth: 0 },
  controls: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM },
  summary: { display: "flex", gap: tokens.spacingHorizontalM, alignItems: "baseline", flexWrap: "wrap" },
  // A narrow window wraps the toolbar as a whole; a label never breaks inside its button.
  toolbar: { flexWrap: "wrap", rowGap: tokens.spacingVerticalXS, "& button": { whiteSpace: "nowrap", flexShrink: 0 } },
});

/** Search waits for a pause in typing this long. */
const DEBOUNCE_MS = 250;
const COLUMNS_KEY = "portal-admin.contact-columns";

function storedColumns(): ColumnId[] {
  try {
    const stored = JSON.parse(localStorage.getItem(COLUMNS_KEY) ?? "null") as unknown;
    if (Array.isArray(stored)) return COLUMN_ORDER.filter((id) => stored.includes(id));
  } catch {
    // An unreadable choice falls back to every column.
  }
  return [...COLUMN_ORDER];
}

type Dialog =
  | { kind: "bulk"; action: BulkKind }
  | { kind: "history" }
  | { kind: "duplicates" }
  | { kind: "new" }
  | { kind: "import"; path: string }
  | null;

export function ContactsPage() {
  const styles = useStyles();
  const { portal } = useSelectedPortal();
  // When the page mounted, for the first-rows timing on the table.
  const [mountedAt] = useState(() => performance.mark("contacts:mounted").startTime);
  useLayoutEffect(() => {
    performance.mark("contacts:committed");
  }, []);
  // Another page (a web role's members) may send the admin here filtered by a role.
  const { params } = useNavigation();
  const [state, setState] = useState<FilterState>(() => ({ ...NO_FILTER, roleId: params.roleId ?? null }));
  const term = useDebounced(state.term, DEBOUNCE_MS);
  const [sort, setSort] = useState<ContactSort>(DEFAULT_CONTACT_SORT);
  const filter = useMemo(() => toContactFilter(state, term), [state, term]);
  usePrefetchFirstContactPage(portal?.id, filter, sort);
  const filterKey = JSON.stringify(filter);
  const count = useContactCount(portal?.id, filter);
  const total = count.isPlaceholderData ? undefined : count.data;
  // Counting a million rows takes longer than reading the first page (the same cached query the
  // table makes): until the count arrives, the table shows what the first page holds.
  const firstPage = useContactPages(portal?.id, filter, sort, FIRST_PAGE).loaded.get(0);
  const roles = [...(useAccessOverview(portal?.id).data?.model.roles ?? [])].sort((a, b) => a.name.localeCompare(b.name));
  const [columns, setColumns] = useState<ColumnId[]>(storedColumns);
  // Chosen contacts stay chosen across searches; "all matching" belongs to the filter it was made for.
  const [ids, setIds] = useState<ReadonlySet<string>>(new Set());
  const [allFor, setAllFor] = useState<string | null>(null);
  const selection: Selection = { all: allFor === filterKey, ids };
  const [openId, setOpenId] = useState<string | null>(null);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [message, setMessage] = useState<{ intent: "success" | "error"; text: string } | null>(null);

  const toggle = useCallback((id: string, selected: boolean) => {
    setIds((current) => {
      const next = new Set(current);
      if (selected) next.add(id);
      else next.delete(id);
      return next;
    });
  }, []);
  const clearSelection = () => {
    setIds(new Set());
    setAllFor(null);
  };
  const toggleAll = () => {
    if (selection.all || ids.size > 0) clearSelection();
    else setAllFor(filterKey);
  };

  if (!portal) return <Text>Add a portal first.</Text>;

  const selectedCount = selection.all ? (total ?? 0) : ids.size;
  const target: BulkTarget = selection.all ? { by: "filter", filter } : { by: "ids", ids: [...ids] };

  const exportCsv = async () => {
    const path = await save({ title: "Export contacts", defaultPath: "contacts.csv", filters: [{ name: "CSV", extensions: ["csv"] }] });
    if (!path) return;
    try {
      const written = await exportContactsCsv(portal.id, filter, path);
      setMessage({ intent: "success", text: `Exported ${countOf(written, "contact")} to ${path}.` });
    } catch (e) {
      setMessage({ intent: "error", text: (e as Error).message });
    }
  };
  const importCsv = async () => {
    const path = await open({ title: "Import contacts", multiple: false, directory: false, filters: [{ name: "CSV", extensions: ["csv"] }] });
    if (typeof path === "string") setDialog({ kind: "import", path });
  };
  const chooseColumns = (checked: string[]) => {
    const next = COLUMN_ORDER.filter((id) => checked.includes(id));
    localStorage.setItem(COLUMNS_KEY, JSON.stringify(next));
    setColumns(next);
  };

  return (
    <div className={styles.page} data-testid="contacts-page">
      <Title2 as="h1">Contacts</Title2>
      <Text>
        Contacts of {portal.name}: who can sign in, why not, and what they may do. Open a contact to see its sign-in diagnosis, or
        choose several for a bulk action you preview before applying.
      </Text>
      {/* The toolbar and filters render right after the first rows (see AfterFirstCommit). */}
      <AfterFirstCommit id="contacts-controls" initialHeight={CONTROLS_HEIGHT} className={styles.controls}>
        <Toolbar className={styles.toolbar} aria-label="Contact actions">
          <Button appearance="primary" icon={<PersonAdd20Regular />} onClick={() => setDialog({ kind: "new" })} data-testid="contacts-new">
            New contact
          </Button>
          <Menu>
            <MenuTrigger disableButtonEnhancement>
              <MenuButton icon={<PeopleSwap20Regular />} disabled={selectedCount === 0} data-testid="contacts-bulk">
                Bulk actions
              </MenuButton>
            </MenuTrigger>
            <MenuPopover>
              <MenuList>
                {(Object.keys(BULK_LABEL) as BulkKind[]).map((action) => (
                  <MenuItem key={action} onClick={() => setDialog({ kind: "bulk", action })} data-testid={`bulk-${action}`}>
                    {BULK_LABEL[action]}
                  </MenuItem>
                ))}
              </MenuList>
            </MenuPopover>
          </Menu>
          <Button icon={<History20Regular />} onClick={() => setDialog({ kind: "history" })} data-testid="contacts-history">
            History
          </Button>
          <Button onClick={() => setDialog({ kind: "duplicates" })} data-testid="contacts-duplicates">
            Duplicates
          </Button>
          <ToolbarDivider />
          <Button icon={<ArrowUpload20Regular />} onClick={() => void importCsv()} data-testid="contacts-import">
            Import CSV…
          </Button>
          <Button icon={<ArrowDownload20Regular />} onClick={() => void exportCsv()} data-testid="contacts-export">
            Export CSV…
          </Button>
          <ToolbarDivider />
          <Menu checkedValues={{ columns }} onCheckedValueChange={(_, d) => chooseColumns(d.checkedItems)}>
            <MenuTrigger disableButtonEnhancement>
              <MenuButton icon={<ColumnTriple20Regular />} data-testid="contacts-columns">
                Columns
              </MenuButton>
            </MenuTrigger>
            <MenuPopover>
              <MenuList>
                {COLUMN_ORDER.map((id) => (
                  <MenuItemCheckbox key={id} name="columns" value={id} data-testid={`column-${id}`}>
                    {COLUMNS[id].label}
                  </MenuItemCheckbox>
                ))}
              </MenuList>
            </MenuPopover>
          </Menu>
        </Toolbar>
        <ContactFilters value={state} onChange={setState} roles={roles} sort={sort} onSort={setSort} />
      </AfterFirstCommit>
      {message && (
        <MessageBar intent={message.intent} data-testid="contacts-message">
          <MessageBarBody>{message.text}</MessageBarBody>
        </MessageBar>
      )}
      {count.isError && (
        <MessageBar intent="error">
          <MessageBarBody>{count.error.message}</MessageBarBody>
        </MessageBar>
      )}
      <div className={styles.summary} data-testid="contacts-selection">
        <Text weight="semibold" data-testid="contacts-count">
          {total === undefined ? "Counting…" : countOf(total, "contact")}
        </Text>
        {selection.all && <Text>All {formatCount(selectedCount)} matching contacts are selected.</Text>}
        {!selection.all && ids.size > 0 && <Text>{formatCount(ids.size)} selected.</Text>}
        {!selection.all && total !== undefined && total > 0 && (
          <Link as="button" onClick={() => setAllFor(filterKey)} data-testid="contacts-select-all">
            Select all {formatCount(total)} matching
          </Link>
        )}
        {selectedCount > 0 && (
          <Link as="button" onClick={clearSelection} data-testid="contacts-clear-selection">
            Clear selection
          </Link>
        )}
      </div>
      {total !== undefined && total > MAX_LIST_ROWS && (
        <MessageBar intent="info">
          <MessageBarBody>
            The list shows the first {formatCount(MAX_LIST_ROWS)} contacts; search or filter to reach the others. Bulk actions and
            export on all matching contacts cover every one.
          </MessageBarBody>
        </MessageBar>
      )}
      <ContactTable
        portal={portal.id}
        filter={filter}
        sort={sort}
        onSort={setSort}
        total={total}
        rowCount={count.data ?? firstPage?.length ?? 0}
        columns={columns}
        selection={selection}
        onToggle={toggle}
        onToggleAll={toggleAll}
        onOpen={setOpenId}
        mountedAt={mountedAt}
      />
      {openId && <ContactDetails key={openId} portal={portal.id} id={openId} onOpen={setOpenId} onClose={() => setOpenId(null)} />}
      {dialog?.kind === "bulk" && (
        <BulkDialog
          portal={portal.id}
          kind={dialog.action}
          target={target}
          selected={selectedCount}
          roles={roles}
          onClose={() => setDialog(null)}
        />
      )}
      {dialog?.kind === "history" && <BulkHistoryDialog portal={portal.id} onClose={() => setDialog(null)} />}
      {dialog?.kind === "duplicates" && (
        <DuplicatesDialog
          portal={portal.id}
          onOpen={(id) => {
            setDialog(null);
            setOpenId(id);
          }}
          onClose={() => setDialog(null)}
        />
      )}
      {dialog?.kind === "new" && (
        <NewContactDialog
          portal={portal.id}
          onCreated={(contact) => {
            setDialog(null);
            setMessage({ intent: "success", text: `Created contact ${contactName(contact)}.` });
            setOpenId(contact.id);
          }}
          onClose={() => setDialog(null)}
        />
      )}
      {dialog?.kind === "import" && <CsvImportDialog portal={portal.id} path={dialog.path} onClose={() => setDialog(null)} />}
    </div>
  );
}
