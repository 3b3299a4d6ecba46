// All site settings: every setting of the portal as a plain name/value table — the catalogue,
// provider settings and settings the app does not know — with add, change and unset.
import {
  Badge,
  Button,
  MessageBar,
  MessageBarBody,
  SearchBox,
  Spinner,
  Switch,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  Title2,
  Toolbar,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { Add24Regular, Delete20Regular, Edit20Regular } from "@fluentui/react-icons";
import { useMemo, useState } from "react";
import { useSettingsOverview, useUnsetSetting, type EffectiveSetting } from "../../api";
import { ConfirmDialog } from "../../components/ConfirmDialog";
import { useSelectedPortal } from "../../components/SelectedPortal";
import { SiteSettingDialog } from "./SiteSettingDialog";

const useStyles = makeStyles({
  page: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM },
  toolbar: { display: "flex", gap: tokens.spacingHorizontalL, alignItems: "center", flexWrap: "wrap" },
  table: { backgroundColor: tokens.colorNeutralBackground1, tableLayout: "fixed" },
  mono: { fontFamily: tokens.fontFamilyMonospace, overflowWrap: "anywhere" },
  muted: { color: tokens.colorNeutralForeground3 },
});

type Dialog = { kind: "add" } | { kind: "edit"; setting: EffectiveSetting } | { kind: "unset"; setting: EffectiveSetting } | null;

function storedText(s: EffectiveSetting): string {
  if (s.source === "keyring") return "(in the OS keyring)";
  if (s.record_id === null) return "—";
  return s.stored ?? "(empty)";
}

export function SiteSettingsPage() {
  const styles = useStyles();
  const { portal } = useSelectedPortal();
  const overview = useSettingsOverview(portal?.id);
  const unset = useUnsetSetting();
  const [query, setQuery] = useState("");
  const [storedOnly, setStoredOnly] = useState(false);
  const [dialog, setDialog] = useState<Dialog>(null);

  const rows = useMemo(() => {
    const q = query.trim().toLowerCase();
    return (overview.data?.settings ?? []).filter(
      (s) => (!storedOnly || s.record_id !== null) && (q === "" || s.name.toLowerCase().includes(q) || (s.stored ?? "").toLowerCase().includes(q)),
    );
  }, [overview.data, query, storedOnly]);

  if (!portal) return <Text>Add a portal first.</Text>;

  return (
    <div className={styles.page} data-testid="site-settings-page">
      <Title2 as="h1">All site settings</Title2>
      <Text>
        Every site setting of {portal.name}: what is stored, and what the portal uses. Settings the app does not know are shown
        as stored.
        {overview.data && ` ${overview.data.record_count} records.`}
      </Text>
      <div className={styles.toolbar}>
        <Toolbar aria-label="Site setting actions">
          <Button appearance="primary" icon={<Add24Regular />} onClick={() => setDialog({ kind: "add" })} data-testid="site-setting-add">
            Add setting
          </Button>
        </Toolbar>
        <SearchBox
          placeholder="Filter by name or value"
          value={query}
          onChange={(_, d) => setQuery(d.value)}
          aria-label="Filter site settings"
          data-testid="site-settings-filter"
        />
        <Switch label="Only settings with a record" checked={storedOnly} onChange={(_, d) => setStoredOnly(d.checked)} />
      </div>
      {overview.isPending && <Spinner label="Loading the settings…" />}
      {overview.isError && (
        <MessageBar intent="error">
          <MessageBarBody>{overview.error.message}</MessageBarBody>
        </MessageBar>
      )}
      {overview.data && (
        <Table className={styles.table} size="small" aria-label="Site settings" data-testid="site-settings-table">
          <TableHeader>
            <TableRow>
              <TableHeaderCell style={{ width: "40%" }}>Name</TableHeaderCell>
              <TableHeaderCell style={{ width: "22%" }}>Stored</TableHeaderCell>
              <TableHeaderCell style={{ width: "22%" }}>Effective</TableHeaderCell>
              <TableHeaderCell style={{ width: "110px" }}>In catalogue</TableHeaderCell>
              <TableHeaderCell style={{ width: "88px" }} aria-label="Actions" />
            </TableRow>
          </TableHeader>
          <TableBody>
            {rows.map((s) => (
              <TableRow key={s.name} data-testid="site-setting-row" data-name={s.name}>
                <TableCell className={styles.mono} title={[s.description, ...s.notes].filter(Boolean).join("\n")}>
                  {s.name}
                  {s.shadowed.length > 0 && (
                    <>
                      {" "}
                      <Badge appearance="tint" color="warning">
                        {s.shadowed.length + 1} records
                      </Badge>
                    </>
                  )}
                </TableCell>
                <TableCell className={styles.mono}>{storedText(s)}</TableCell>
                <TableCell className={styles.mono}>
                  {s.effective ?? <span className={styles.muted}>not set</span>}
                  {s.source === "unparsable" && (
                    <>
                      {" "}
                      <Badge appearance="tint" color="danger">
                        default: stored value ignored
                      </Badge>
                    </>
                  )}
                </TableCell>
                <TableCell>{s.in_catalogue ? "Yes" : "No"}</TableCell>
                <TableCell>
                  <Button
                    size="small"
                    appearance="subtle"
                    icon={<Edit20Regular />}
                    aria-label={`Change ${s.name}`}
                    onClick={() => setDialog({ kind: "edit", setting: s })}
                    data-testid="site-setting-edit"
                  />
                  {s.record_id !== null && (
                    <Button
                      size="small"
                      appearance="subtle"
                      icon={<Delete20Regular />}
                      aria-label={`Unset ${s.name}`}
                      onClick={() => setDialog({ kind: "unset", setting: s })}
                      data-testid="site-setting-unset"
                    />
                  )}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      {overview.data && rows.length === 0 && <Text>No setting matches.</Text>}
      {dialog?.kind === "add" && <SiteSettingDialog portal={portal.id} onClose={() => setDialog(null)} />}
      {dialog?.kind === "edit" && <SiteSettingDialog portal={portal.id} setting={dialog.setting} onClose={() => setDialog(null)} />}
      {dialog?.kind === "unset" && (
        <ConfirmDialog
          title={`Unset ${dialog.setting.name}?`}
          confirmLabel="Unset"
          testId="site-setting-unset-confirm"
          onConfirm={() => unset.mutateAsync({ portal: portal.id, name: dialog.setting.name })}
          onClose={() => setDialog(null)}
        >
          Every record with this name is removed, inactive ones too.{" "}
          {dialog.setting.in_catalogue
            ? `The portal then uses the default${dialog.setting.default ? `, ${dialog.setting.default}` : ""}.`
            : "The portal no longer sees this setting."}
        </ConfirmDialog>
      )}
    </div>
  );
}
