// Expiries: every portal's authentication key, most urgent first, sortable; then the signing
// certificates of SAML 2.0 / WS-Federation identity providers, which the same watch follows.
import {
  Button,
  MessageBar,
  MessageBarBody,
  Switch,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  Title2,
  Title3,
  Toolbar,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { ArrowSync20Regular, CalendarAdd20Regular, DocumentTable20Regular } from "@fluentui/react-icons";
import { save } from "@tauri-apps/plugin-dialog";
import { useState } from "react";
import {
  checkWatchNow,
  exportExpiries,
  useAutostart,
  useKeyOverview,
  useProviderCertificateExpiries,
  useSetAutostart,
  type KeyView,
} from "../../api";
import { localDateTime, utcDateTime } from "../../components/dates";
import { useNavigation } from "../../components/Navigation";
import { SeverityBadge } from "../../components/severity";

const useStyles = makeStyles({
  page: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM },
  table: { backgroundColor: tokens.colorNeutralBackground1, tableLayout: "fixed" },
  mono: { fontFamily: tokens.fontFamilyMonospace, overflow: "hidden", textOverflow: "ellipsis", whiteSpace: "nowrap" },
});

type SortKey = "expiry" | "portal";

function compare(sort: SortKey, dir: 1 | -1) {
  return (a: KeyView, b: KeyView) => {
    if (sort === "portal") return dir * a.portal_name.localeCompare(b.portal_name);
    // Portals without a key sort last either way.
    if (!a.key || !b.key) return a.key ? -1 : b.key ? 1 : 0;
    return dir * a.key.not_after.localeCompare(b.key.not_after);
  };
}

export function ExpiriesPage() {
  const styles = useStyles();
  const overview = useKeyOverview();
  const certificates = useProviderCertificateExpiries();
  const { go } = useNavigation();
  const [sort, setSort] = useState<{ key: SortKey; dir: 1 | -1 }>({ key: "expiry", dir: 1 });
  const [message, setMessage] = useState<{ intent: "success" | "error"; text: string } | null>(null);
  const autostart = useAutostart();
  const setAutostart = useSetAutostart();
  const exportTo = async (format: "ics" | "csv") => {
    const path = await save({
      title: format === "ics" ? "Add key expiries to a calendar" : "Export key expiries",
      defaultPath: format === "ics" ? "portal-key-expiries.ics" : "portal-key-expiries.csv",
      filters: [format === "ics" ? { name: "iCalendar", extensions: ["ics"] } : { name: "CSV", extensions: ["csv"] }],
    });
    if (!path) return;
    try {
      await exportExpiries(path, format);
      setMessage({ intent: "success", text: `Wrote ${path}.` });
    } catch (e) {
      setMessage({ intent: "error", text: (e as Error).message });
    }
  };
  const rows = [...(overview.data ?? [])].sort(compare(sort.key, sort.dir));
  const header = (key: SortKey, label: string) => ({
    sortable: true,
    sortDirection: sort.key === key ? (sort.dir === 1 ? ("ascending" as const) : ("descending" as const)) : undefined,
    onClick: () => setSort((s) => ({ key, dir: s.key === key ? (s.dir === 1 ? -1 : 1) : 1 })),
    children: label,
  });
  return (
    <div className={styles.page}>
      <Title2 as="h1">Expiries</Title2>
      <Text>Every portal's authentication key. Reminders go out 90, 60, 30, 15 and 7–1 days, then 12, 6 and 3 hours before expiry.</Text>
      <Toolbar>
        <Button icon={<ArrowSync20Regular />} onClick={() => void checkWatchNow()}>
          Check now
        </Button>
        <Button icon={<CalendarAdd20Regular />} onClick={() => void exportTo("ics")}>
          Add to calendar (.ics)…
        </Button>
        <Button icon={<DocumentTable20Regular />} onClick={() => void exportTo("csv")}>
          Export CSV…
        </Button>
      </Toolbar>
      <Switch
        label="Start Portal Admin Center at login (in the tray), so reminders keep coming after a restart"
        checked={autostart.data ?? false}
        disabled={autostart.isPending || setAutostart.isPending}
        onChange={(_, d) =>
          setAutostart.mutate(d.checked, { onError: (e) => setMessage({ intent: "error", text: e.message }) })
        }
        data-testid="autostart-switch"
      />
      {message && (
        <MessageBar intent={message.intent}>
          <MessageBarBody>{message.text}</MessageBarBody>
        </MessageBar>
      )}
      <Table className={styles.table} sortable aria-label="Key expiries" data-testid="expiries-table">
        <TableHeader>
          <TableRow>
            <TableHeaderCell style={{ width: "26%" }} {...header("portal", "Portal")} />
            <TableHeaderCell style={{ width: "190px" }}>State</TableHeaderCell>
            <TableHeaderCell style={{ width: "20%" }} {...header("expiry", "Expires")} />
            <TableHeaderCell style={{ width: "14%" }}>Time left</TableHeaderCell>
            <TableHeaderCell style={{ width: "30%" }}>Thumbprint</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {rows.map((v) => (
            <TableRow key={v.portal_id} onClick={() => go("key", v.portal_id)} style={{ cursor: "pointer" }}>
              <TableCell>{v.portal_name}</TableCell>
              <TableCell>
                <SeverityBadge severity={v.severity} />
              </TableCell>
              <TableCell>{v.key ? <span title={utcDateTime(v.key.not_after)}>{localDateTime(v.key.not_after)}</span> : "—"}</TableCell>
              <TableCell>{v.time_left ?? "—"}</TableCell>
              <TableCell className={styles.mono} title={v.key?.thumbprint}>
                {v.key?.thumbprint ?? "—"}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {(certificates.data?.length ?? 0) > 0 && (
        <>
          <Title3 as="h2">Identity-provider signing certificates</Title3>
          <Text>
            Read from SAML 2.0 and WS-Federation metadata. When one expires, sign-in with that provider fails until the
            portal trusts its new certificate; the same reminders apply.
          </Text>
          <Table className={styles.table} aria-label="Signing certificate expiries" data-testid="certificate-expiries">
            <TableHeader>
              <TableRow>
                <TableHeaderCell style={{ width: "22%" }}>Portal</TableHeaderCell>
                <TableHeaderCell style={{ width: "16%" }}>Provider</TableHeaderCell>
                <TableHeaderCell style={{ width: "190px" }}>State</TableHeaderCell>
                <TableHeaderCell style={{ width: "18%" }}>Expires</TableHeaderCell>
                <TableHeaderCell style={{ width: "12%" }}>Time left</TableHeaderCell>
                <TableHeaderCell>Thumbprint</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {certificates.data?.map((c) => (
                <TableRow
                  key={`${c.portal_id}-${c.provider_key}-${c.thumbprint}`}
                  onClick={() => go("providers", c.portal_id)}
                  style={{ cursor: "pointer" }}
                  data-testid="certificate-expiry"
                >
                  <TableCell>{c.portal_name}</TableCell>
                  <TableCell>{c.provider_key}</TableCell>
                  <TableCell>
                    <SeverityBadge severity={c.severity} />
                  </TableCell>
                  <TableCell>
                    <span title={utcDateTime(c.not_after)}>{localDateTime(c.not_after)}</span>
                  </TableCell>
                  <TableCell>{c.time_left}</TableCell>
                  <TableCell className={styles.mono} title={`${c.subject} — ${c.thumbprint}`}>
                    {c.thumbprint}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </>
      )}
    </div>
  );
}
