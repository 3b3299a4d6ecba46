// Effective table access as a matrix of tables × the six privileges. Each cell opens an
// explanation: the permissions that grant it (scope, through which roles, parent chain) or that
// none of the principal's roles grants it.
import {
  Button,
  Caption1,
  Popover,
  PopoverSurface,
  PopoverTrigger,
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
import { Checkmark16Filled, Dismiss16Regular } from "@fluentui/react-icons";
import type { Grant, Privilege, PrivilegeAccess, TableAccess } from "../../api";
import { PRIVILEGES, privilegeName } from "./labels";

const useStyles = makeStyles({
  table: { backgroundColor: tokens.colorNeutralBackground1 },
  mono: { fontFamily: tokens.fontFamilyMonospace, overflowWrap: "anywhere" },
  granted: { color: tokens.colorPaletteGreenForeground1 },
  denied: { color: tokens.colorNeutralForeground4 },
  surface: { maxWidth: "420px", display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS },
  grants: { margin: 0, paddingInlineStart: tokens.spacingHorizontalL, display: "flex", flexDirection: "column", gap: tokens.spacingVerticalXS },
});

function GrantLine({ grant }: { grant: Grant }) {
  return (
    <li data-testid="cell-grant">
      <Text weight="semibold">{grant.permission_name}</Text> — {grant.scope_name} scope
      {grant.via_roles.length > 0 && <>, through {grant.via_roles.join(", ")}</>}
      {grant.parent_chain.length > 0 && <>; parent chain: {grant.parent_chain.join(" → ")}</>}
    </li>
  );
}

function Cell({ table, access, grants }: { table: string; access: PrivilegeAccess; grants: readonly Grant[] }) {
  const styles = useStyles();
  const name = privilegeName(access.privilege);
  const granting = grants.filter((g) => access.granted_by.includes(g.permission_id));
  return (
    <TableCell data-testid={`cell-${table}-${access.privilege}`} data-granted={access.granted}>
      <Popover withArrow positioning="below">
        <PopoverTrigger disableButtonEnhancement>
          <Button
            appearance="transparent"
            icon={access.granted ? <Checkmark16Filled className={styles.granted} /> : <Dismiss16Regular className={styles.denied} />}
            aria-label={`${name} on ${table}: ${access.granted ? "granted" : "not granted"}`}
          />
        </PopoverTrigger>
        <PopoverSurface className={styles.surface} data-testid="cell-explanation">
          {access.granted ? (
            <>
              <Text>
                {name} on <span className={styles.mono}>{table}</span> is granted by:
              </Text>
              <ul className={styles.grants}>
                {granting.map((g) => (
                  <GrantLine key={g.permission_id} grant={g} />
                ))}
              </ul>
            </>
          ) : (
            <Text>
              No permission of these roles grants {name} on {table}.
            </Text>
          )}
        </PopoverSurface>
      </Popover>
    </TableCell>
  );
}

const DENIED: readonly PrivilegeAccess[] = PRIVILEGES.map((p) => ({ privilege: p.key, granted: false, granted_by: [] }));

interface Props {
  tables: readonly TableAccess[];
  /** Tables the portal has permissions on; those the principal gets nothing on show as denied. */
  known: readonly string[];
}

export function TableMatrix({ tables, known }: Props) {
  const styles = useStyles();
  const rows: TableAccess[] = [...tables];
  for (const table of known) {
    if (!rows.some((r) => r.table === table)) rows.push({ table, privileges: [...DENIED], grants: [] });
  }
  rows.sort((a, b) => a.table.localeCompare(b.table));
  const cell = (row: TableAccess, privilege: Privilege) =>
    row.privileges.find((p) => p.privilege === privilege) ?? { privilege, granted: false, granted_by: [] };

  if (rows.length === 0) return <Caption1>This portal has no table permissions.</Caption1>;
  return (
    <Table className={styles.table} aria-label="Table privileges" data-testid="table-matrix" size="small">
      <TableHeader>
        <TableRow>
          <TableHeaderCell>Table</TableHeaderCell>
          {PRIVILEGES.map((p) => (
            <TableHeaderCell key={p.key} title={p.name}>
              {p.name}
            </TableHeaderCell>
          ))}
        </TableRow>
      </TableHeader>
      <TableBody>
        {rows.map((row) => (
          <TableRow key={row.table} data-testid="table-row" data-table={row.table}>
            <TableCell className={styles.mono}>{row.table}</TableCell>
            {PRIVILEGES.map((p) => (
              <Cell key={p.key} table={row.table} access={cell(row, p.key)} grants={row.grants} />
            ))}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
