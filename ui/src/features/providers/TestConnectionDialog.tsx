// Test connection for an OpenID Connect provider: the core runs discovery against its authority
// and reports the issuer, endpoints, signing keys and warnings, or what exactly went wrong.
import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
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
import { useEffect, useRef } from "react";
import { ApiError, useTestProvider, type ErrorCode, type IdentityProvider, type OidcReport } from "../../api";

const useStyles = makeStyles({
  body: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM },
  facts: { display: "grid", gridTemplateColumns: "180px 1fr", rowGap: tokens.spacingVerticalXS, columnGap: tokens.spacingHorizontalM },
  label: { color: tokens.colorNeutralForeground3 },
  mono: { fontFamily: tokens.fontFamilyMonospace, overflowWrap: "anywhere" },
  surface: { maxWidth: "760px" },
});

/** Headlines by error code; the core's message says the rest. */
const TEST_ERROR_TITLE: Partial<Record<ErrorCode, string>> = {
  unreachable: "The provider could not be reached",
  tls: "The secure connection to the provider failed",
  invalid_document: "The provider did not return a valid discovery document",
  issuer_mismatch: "The provider names a different issuer than its authority",
  missing_endpoints: "The discovery document lacks endpoints the portal needs",
  validation: "The provider cannot be tested yet",
};

export function TestConnectionDialog({ portal, provider, onClose }: { portal: string; provider: IdentityProvider; onClose: () => void }) {
  const styles = useStyles();
  const test = useTestProvider();
  const { mutate } = test;
  const started = useRef(false);
  useEffect(() => {
    // Once per opening (effects run twice in development).
    if (started.current) return;
    started.current = true;
    mutate({ portal, key: provider.key });
  }, [mutate, portal, provider.key]);
  const code = test.error instanceof ApiError ? test.error.code : undefined;

  return (
    <Dialog open onOpenChange={(_, data) => !data.open && onClose()}>
      <DialogSurface className={styles.surface} aria-describedby={undefined}>
        <DialogBody>
          <DialogTitle>Test connection: {provider.caption}</DialogTitle>
          <DialogContent className={styles.body}>
            {test.isPending && <Spinner label="Reading the provider's discovery document…" />}
            {test.error && (
              <MessageBar intent="error" layout="multiline" data-testid="test-error" data-code={code ?? "unknown"}>
                <MessageBarBody>
                  <MessageBarTitle>{(code && TEST_ERROR_TITLE[code]) ?? "Test connection failed"}</MessageBarTitle> {test.error.message}
                </MessageBarBody>
              </MessageBar>
            )}
            {test.data && <Report report={test.data} />}
          </DialogContent>
          <DialogActions>
            <Button disabled={test.isPending} onClick={() => mutate({ portal, key: provider.key })} data-testid="test-again">
              Test again
            </Button>
            <Button appearance="primary" onClick={onClose}>
              Close
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}

function Report({ report }: { report: OidcReport }) {
  const styles = useStyles();
  const facts: [string, string | null][] = [
    ["Discovery document", report.discovery_url],
    ["Issuer", report.issuer],
    ["Authorization endpoint", report.authorization_endpoint],
    ["Token endpoint", report.token_endpoint],
    ["User info endpoint", report.userinfo_endpoint],
    ["Sign-out endpoint", report.end_session_endpoint],
    ["Keys (JWKS)", report.jwks_uri],
    ["Response types", report.response_types_supported.join(", ") || null],
    ["Scopes", report.scopes_supported.join(", ") || null],
  ];
  return (
    <div className={styles.body} data-testid="test-report">
      <MessageBar intent={report.warnings.length > 0 ? "warning" : "success"}>
        <MessageBarBody>
          Discovery succeeded in {report.elapsed_ms} ms{report.warnings.length > 0 ? `, with ${report.warnings.length} warning(s).` : "."}
        </MessageBarBody>
      </MessageBar>
      {report.warnings.map((w) => (
        <MessageBar key={w} intent="warning" layout="multiline" data-testid="test-warning">
          <MessageBarBody>{w}</MessageBarBody>
        </MessageBar>
      ))}
      <div className={styles.facts}>
        {facts.map(([label, value]) => (
          <Fact key={label} label={label} value={value} />
        ))}
      </div>
      <Text weight="semibold">Signing keys ({report.signing_keys.length})</Text>
      {report.signing_keys.length > 0 && (
        <Table size="small" aria-label="Signing keys">
          <TableHeader>
            <TableRow>
              <TableHeaderCell>Key ID</TableHeaderCell>
              <TableHeaderCell>Type</TableHeaderCell>
              <TableHeaderCell>Algorithm</TableHeaderCell>
              <TableHeaderCell>Use</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {report.signing_keys.map((k, i) => (
              <TableRow key={k.kid ?? i}>
                <TableCell className={styles.mono}>{k.kid ?? "—"}</TableCell>
                <TableCell>{k.kty}</TableCell>
                <TableCell>{k.alg ?? "—"}</TableCell>
                <TableCell>{k.key_use ?? "—"}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </div>
  );
}

function Fact({ label, value }: { label: string; value: string | null }) {
  const styles = useStyles();
  return (
    <>
      <Text className={styles.label}>{label}</Text>
      <Text className={styles.mono}>{value ?? "—"}</Text>
    </>
  );
}
