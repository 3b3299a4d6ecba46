// The contacts list: a virtualized table that renders only the rows in view and fetches them in
// pages of 100 by offset as scrolling reaches them; rows not loaded yet show a skeleton line. A
// million rows are taller than a webview draws, so the scroll range is scaled (scaledScroll.ts).
import {
  Button,
  Checkbox,
  MessageBar,
  MessageBarBody,
  SkeletonItem,
  Table,
  TableBody,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  makeStyles,
  mergeClasses,
  tokens,
  type CheckboxProps,
} from "@fluentui/react-components";
import { memo, useEffect, useMemo, useRef, type CSSProperties, type KeyboardEvent, type ReactNode } from "react";
import { CONTACT_PAGE_SIZE, useContactPages, type ContactFilter, type ContactRow, type ContactSort } from "../../api";
import { localDateTime, utcDateTime } from "../../components/dates";
import { useNow } from "../../components/useNow";
import { ContactStatus } from "./ContactStatus";
import { realHeight, realTop, rowWindow } from "./scaledScroll";
import { useScrollView } from "./useScrollView";

const ROW_HEIGHT = 32;
/** Rows rendered beyond each edge of the view, so a short scroll shows rows already there. */
const OVERSCAN = 10;
/** The list's body is this tall, or the window's height less `BODY_BELOW`, whichever is more. */
const BODY_MIN_HEIGHT = 440;
const BODY_BELOW = 360;

/** The body's height in a window this tall (its style's `max(…)`), before it can be measured. */
function bodyHeight(windowHeight: number): number {
  return Math.max(BODY_MIN_HEIGHT, windowHeight - BODY_BELOW);
}

/**
 * Past this many rows one real pixel of scrolling would cover more than a row (the scale grows with
 * the list), and dragging the scroll bar could skip rows; filtering reaches the others.
 */
export const MAX_LIST_ROWS = 10_000_000;

export type ColumnId = "name" | "email" | "username" | "status" | "failed" | "last_sign_in";

interface Column {
  label: string;
  /** Share of the row's width. */
  grow: number;
  /** Width it never goes below (the status badges). */
  min?: string;
  sort?: ContactSort;
  cell: (row: ContactRow, now: number) => ReactNode;
}

export const COLUMNS: Record<ColumnId, Column> = {
  name: { label: "Name", grow: 3, sort: "name", cell: (row) => row.name || "(no name)" },
  email: { label: "E-mail", grow: 4, sort: "email", cell: (row) => row.email ?? "—" },
  username: { label: "User name", grow: 3, sort: "username", cell: (row) => row.username ?? "—" },
  // Room for three short badges ("Locked", "Inactive", "Unconfirmed"); details are in tooltips.
  status: { label: "Status", grow: 4, min: "236px", cell: (row, now) => <ContactStatus contact={row} lockedUntil={row.locked_until} emailShared={row.email_shared} now={now} compact /> },
  failed: { label: "Failed attempts", grow: 1.5, cell: (row) => String(row.access_failed_count) },
  last_sign_in: {
    label: "Last sign-in",
    grow: 2.5,
    sort: "last_sign_in",
    cell: (row) =>
      row.last_successful_login ? <span title={utcDateTime(row.last_successful_login)}>{localDateTime(row.last_successful_login)}</span> : "Never",
  },
};

/** Header and row cells share it, so the columns line up. */
function columnStyle(column: Column): CSSProperties {
  return { flex: `${column.grow} 1 0`, minWidth: column.min };
}

export const COLUMN_ORDER: readonly ColumnId[] = ["name", "email", "username", "status", "failed", "last_sign_in"];

const useStyles = makeStyles({
  table: { backgroundColor: tokens.colorNeutralBackground1, minWidth: "720px", flexShrink: 0 },
  header: { scrollbarGutter: "stable", overflow: "hidden" },
  body: {
    position: "relative",
    overflowY: "auto",
    overflowX: "hidden",
    scrollbarGutter: "stable",
    // Its own height, not what is left under the banners: about a dozen rows or more even when the
    // key banner and alerts push the list down (the page scrolls instead).
    height: `max(${BODY_MIN_HEIGHT}px, calc(100vh - ${BODY_BELOW}px))`,
  },
  place: { position: "absolute", top: 0, left: 0, width: "100%", height: `${ROW_HEIGHT}px` },
  select: { flex: "0 0 44px" },
  open: { flex: "0 0 72px" },
  text: { overflow: "hidden", textOverflow: "ellipsis", whiteSpace: "nowrap" },
  skeleton: { width: "100%" },
  empty: { padding: tokens.spacingVerticalL },
});

export interface Selection {
  all: boolean;
  ids: ReadonlySet<string>;
}

interface Props {
  portal: string;
  filter: ContactFilter;
  sort: ContactSort;
  onSort: (sort: ContactSort) => void;
  /** Contacts the filter covers; undefined while counting. */
  total: number | undefined;
  /** Rows to lay out: the total, or while counting the previous total (so the list does not collapse). */
  rowCount: number;
  columns: readonly ColumnId[];
  selection: Selection;
  onToggle: (id: string, selected: boolean) => void;
  onToggleAll: () => void;
  onOpen: (id: string) => void;
  /** `performance.now()` when the page mounted, for `data-first-page-ms`. */
  mountedAt: number;
}

export function ContactTable(props: Props) {
  const { portal, filter, sort, onSort, total, rowCount, columns, selection, onToggle, onToggleAll, onOpen, mountedAt } = props;
  const styles = useStyles();
  const scrollRef = useRef<HTMLDivElement>(null);
  const now = useNow();
  const count = Math.min(rowCount, MAX_LIST_ROWS);
  const virtualHeight = count * ROW_HEIGHT;
  const view = useScrollView(scrollRef, bodyHeight(window.innerHeight));
  const { first: firstRow, last: lastRow, offset, scale } = rowWindow(count, ROW_HEIGHT, OVERSCAN, view.top, view.height);
  // A page key scrolls a page of rows, not a page of the scaled range.
  const page = (event: KeyboardEvent<HTMLDivElement>) => {
    const element = scrollRef.current;
    if (scale === 1 || !element || (event.key !== "PageDown" && event.key !== "PageUp")) return;
    event.preventDefault();
    element.scrollTop += ((event.key === "PageDown" ? 1 : -1) * (element.clientHeight - ROW_HEIGHT)) / scale;
  };
  const indexes = Array.from({ length: Math.max(0, lastRow - firstRow + 1) }, (_, i) => firstRow + i);
  const first = Math.floor(firstRow / CONTACT_PAGE_SIZE);
  const last = lastRow >= firstRow ? Math.floor(lastRow / CONTACT_PAGE_SIZE) : -1;
  // Before the first count arrives, the first page is asked for alongside it rather than after it.
  const counting = total === undefined && indexes.length === 0;
  const pages = useMemo(
    () => (counting ? [0] : Array.from({ length: last - first + 1 }, (_, i) => first + i)),
    [counting, first, last],
  );
  const { loaded, error } = useContactPages(portal, filter, sort, pages);

  // A new filter or order is a new list: start it from the top.
  const listKey = JSON.stringify([filter, sort]);
  useEffect(() => {
    if (scrollRef.current) scrollRef.current.scrollTop = 0;
  }, [listKey]);

  // How long the first rows took to show, once, for the end-to-end performance check. Written to
  // the DOM directly: it is a measurement, not state to render from.
  const measured = useRef(false);
  const rowsShown = loaded.size > 0 && indexes.length > 0;
  // The first rows' render starts (once per app run, like the page's other marks).
  if (rowsShown && performance.getEntriesByName("contacts:rows-render").length === 0) performance.mark("contacts:rows-render");
  // When the rows of each list (filter and order) first showed, for timing one not read ahead.
  useEffect(() => {
    if (rowsShown && scrollRef.current) scrollRef.current.dataset.rowsAt = String(Math.round(performance.now()));
  }, [rowsShown, listKey]);
  useEffect(() => {
    if (measured.current || !rowsShown || !scrollRef.current) return;
    measured.current = true;
    scrollRef.current.dataset.firstPageMs = String(Math.round(performance.mark("contacts:rows-shown").startTime - mountedAt));
  }, [rowsShown, mountedAt]);

  const someSelected = selection.all || selection.ids.size > 0;
  const allChecked: CheckboxProps["checked"] = selection.all ? true : someSelected ? "mixed" : false;

  return (
    <>
      {error && (
        <MessageBar intent="error">
          <MessageBarBody>{error.message}</MessageBarBody>
        </MessageBar>
      )}
      <Table noNativeElements size="small" className={styles.table} aria-label="Contacts" aria-rowcount={count + 1} sortable>
        <TableHeader className={styles.header}>
          <TableRow aria-rowindex={1}>
            <TableHeaderCell className={styles.select}>
              <Checkbox
                checked={allChecked}
                onChange={onToggleAll}
                aria-label={someSelected ? "Clear the selection" : "Select every matching contact"}
                data-testid="contacts-select-header"
              />
            </TableHeaderCell>
            {columns.map((id) => {
              const column = COLUMNS[id];
              const columnSort = column.sort;
              return (
                <TableHeaderCell
                  key={id}
                  style={columnStyle(column)}
                  sortDirection={columnSort === sort ? (sort === "last_sign_in" ? "descending" : "ascending") : undefined}
                  onClick={columnSort ? () => onSort(columnSort) : undefined}
                  sortable={columnSort !== undefined}
                  data-testid={`column-header-${id}`}
                >
                  {column.label}
                </TableHeaderCell>
              );
            })}
            <TableHeaderCell className={styles.open} aria-label="Open" />
          </TableRow>
        </TableHeader>
        <TableBody
          ref={scrollRef}
          className={styles.body}
          tabIndex={0}
          onKeyDown={page}
          data-testid="contacts-table"
          data-total={total}
        >
          <div style={{ height: realHeight(virtualHeight), position: "relative" }}>
            {indexes.map((index) => {
              const row = loaded.get(Math.floor(index / CONTACT_PAGE_SIZE))?.[index % CONTACT_PAGE_SIZE];
              // Only this wrapper moves while scrolling; the memoized line inside does not re-render.
              return (
                <div
                  key={row?.id ?? `loading-${index}`}
                  role="presentation"
                  className={styles.place}
                  style={{ transform: `translateY(${realTop(index * ROW_HEIGHT, offset, scale)}px)` }}
                >
                  {row ? (
                    <ContactLine
                      row={row}
                      index={index}
                      columns={columns}
                      now={now}
                      selected={selection.all || selection.ids.has(row.id)}
                      selectable={!selection.all}
                      onToggle={onToggle}
                      onOpen={onOpen}
                    />
                  ) : (
                    <SkeletonLine index={index} />
                  )}
                </div>
              );
            })}
          </div>
          {total === 0 && <Text className={styles.empty}>No contact matches.</Text>}
        </TableBody>
      </Table>
    </>
  );
}

interface LineProps {
  row: ContactRow;
  index: number;
  columns: readonly ColumnId[];
  now: number;
  selected: boolean;
  selectable: boolean;
  onToggle: (id: string, selected: boolean) => void;
  onOpen: (id: string) => void;
}

/**
 * A body row and its cells as plain elements styled like Fluent's small table rows: a screenful of
 * rows is several hundred cells, and Fluent's TableRow and TableCell each run their own hooks and
 * class merging, which made the first rows of the list slow to appear.
 */
const useLineStyles = makeStyles({
  row: {
    display: "flex",
    alignItems: "center",
    height: "100%",
    boxSizing: "border-box",
    color: tokens.colorNeutralForeground1,
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    ":hover": { backgroundColor: tokens.colorSubtleBackgroundHover, color: tokens.colorNeutralForeground1Hover },
    ":active": { backgroundColor: tokens.colorSubtleBackgroundPressed, color: tokens.colorNeutralForeground1Pressed },
  },
  cell: {
    position: "relative",
    display: "flex",
    alignItems: "center",
    minWidth: 0,
    height: "100%",
    flex: "1 1 0px",
    padding: `0 ${tokens.spacingHorizontalS}`,
  },
});

const ContactLine = memo(function ContactLine({ row, index, columns, now, selected, selectable, onToggle, onOpen }: LineProps) {
  const styles = useStyles();
  const line = useLineStyles();
  return (
    <div role="row" className={line.row} aria-rowindex={index + 2} data-testid="contact-row" data-contact-id={row.id}>
      <div role="cell" className={mergeClasses(line.cell, styles.select)}>
        <Checkbox
          checked={selected}
          disabled={!selectable}
          onChange={(_, data) => onToggle(row.id, data.checked === true)}
          aria-label={`Select ${row.name}`}
          data-testid="contact-select"
        />
      </div>
      {columns.map((id) => (
        <div role="cell" key={id} className={line.cell} style={columnStyle(COLUMNS[id])}>
          <span className={styles.text}>{COLUMNS[id].cell(row, now)}</span>
        </div>
      ))}
      <div role="cell" className={mergeClasses(line.cell, styles.open)}>
        <Button size="small" appearance="subtle" onClick={() => onOpen(row.id)} aria-label={`Open ${row.name}`} data-testid="contact-open">
          Open
        </Button>
      </div>
    </div>
  );
});

function SkeletonLine({ index }: { index: number }) {
  const styles = useStyles();
  const line = useLineStyles();
  return (
    <div role="row" className={line.row} aria-rowindex={index + 2} aria-busy data-testid="contact-row-loading">
      <div role="cell" className={line.cell}>
        <SkeletonItem className={styles.skeleton} size={16} aria-label="Loading contact" />
      </div>
    </div>
  );
}
