// Import federation metadata into a SAML 2.0 or WS-Federation provider, from a file (native
// picker) or a URL. The core reads it, fills the provider's settings and tracks its signing
// certificates for the expiry watch; the dialog shows what it found and changed.
import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Radio,
  RadioGroup,
  Text,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { Folder20Regular } from "@fluentui/react-icons";
import { open } from "@tauri-apps/plugin-dialog";
import { useState } from "react";
import { ApiError, useImportMetadata, type ErrorCode, type IdentityProvider, type MetadataImport } from "../../api";
import { localDateTime, utcDateTime } from "../../components/dates";

const useStyles = makeStyles({
  body: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM },
  row: { display: "flex", gap: tokens.spacingHorizontalS, alignItems: "center" },
  facts: { display: "grid", gridTemplateColumns: "180px 1fr", rowGap: tokens.spacingVerticalXS, columnGap: tokens.spacingHorizontalM },
  label: { color: tokens.colorNeutralForeground3 },
  mono: { fontFamily: tokens.fontFamilyMonospace, overflowWrap: "anywhere" },
  list: { margin: 0, paddingInlineStart: tokens.spacingHorizontalL },
  surface: { maxWidth: "760px" },
});

const ERROR_TITLE: Partial<Record<ErrorCode, string>> = {
  invalid_metadata: "This document is not usable federation metadata",
  malformed_metadata: "This document is not well-formed XML",
  no_signing_certificate: "The metadata has no signing certificate",
  file: "The file could not be read",
  unreachable: "The metadata address could not be reached",
  tls: "The secure connection failed",
  invalid_document: "The server did not return a metadata document",
  validation: "The metadata cannot be imported into this provider",
};

export function ImportMetadataDialog({ portal, provider, onClose }: { portal: string; provider: IdentityProvider; onClose: () => void }) {
  const styles = useStyles();
  const address = provider.settings.find((s) => s.name.endsWith("/MetadataAddress"))?.stored ?? "";
  const [from, setFrom] = useState<"url" | "file">(address ? "url" : "file");
  const [url, setUrl] = useState(address);
  const [path, setPath] = useState<string | null>(null);
  const importing = useImportMetadata();
  const code = importing.error instanceof ApiError ? importing.error.code : undefined;

  const choose = async () => {
    const picked = await open({
      title: "Federation metadata",
      multiple: false,
      directory: false,
      filters: [{ name: "Federation metadata (XML)", extensions: ["xml"] }],
    });
    if (typeof picked === "string") setPath(picked);
  };
  const location = from === "url" ? url.trim() : path;
  const run = () => {
    if (location) importing.mutate({ portal, key: provider.key, source: { from, location } });
  };

  return (
    <Dialog open onOpenChange={(_, data) => !data.open && onClose()}>
      <DialogSurface className={styles.surface} aria-describedby={undefined}>
        <DialogBody>
          <DialogTitle>Import metadata: {provider.caption}</DialogTitle>
          <DialogContent className={styles.body}>
            <RadioGroup layout="horizontal" value={from} onChange={(_, d) => setFrom(d.value as "url" | "file")}>
              <Radio value="url" label="From a URL" data-testid="metadata-from-url" />
              <Radio value="file" label="From a file" data-testid="metadata-from-file" />
            </RadioGroup>
            {from === "url" ? (
              <Field label="Metadata URL" hint="Also becomes the provider's MetadataAddress, where the portal reads it.">
                <Input value={url} onChange={(_, d) => setUrl(d.value)} data-testid="metadata-url" />
              </Field>
            ) : (
              <div className={styles.row}>
                <Button icon={<Folder20Regular />} onClick={() => void choose()} data-testid="metadata-file">
                  Choose file…
                </Button>
                <Text className={styles.mono}>{path ?? "No file chosen"}</Text>
              </div>
            )}
            {importing.error && (
              <MessageBar intent="error" layout="multiline" data-testid="metadata-error" data-code={code ?? "unknown"}>
                <MessageBarBody>
                  <MessageBarTitle>{(code && ERROR_TITLE[code]) ?? "The import failed"}</MessageBarTitle> {importing.error.message}
                </MessageBarBody>
              </MessageBar>
            )}
            {importing.data && <Result result={importing.data} />}
          </DialogContent>
          <DialogActions>
            <Button onClick={onClose}>{importing.data ? "Close" : "Cancel"}</Button>
            <Button appearance="primary" disabled={!location || importing.isPending} onClick={run} data-testid="metadata-import">
              {importing.isPending ? "Importing…" : "Import"}
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}

function Result({ result }: { result: MetadataImport }) {
  const styles = useStyles();
  const m = result.metadata;
  return (
    <div className={styles.body} data-testid="metadata-result">
      <MessageBar intent="success">
        <MessageBarBody>
          Imported.{" "}
          {result.updated_settings.length > 0 ? `Updated ${result.updated_settings.join(", ")}.` : "No setting needed changing."}
        </MessageBarBody>
      </MessageBar>
      {result.warnings.map((w) => (
        <MessageBar key={w} intent="warning" layout="multiline">
          <MessageBarBody>{w}</MessageBarBody>
        </MessageBar>
      ))}
      <div className={styles.facts}>
        <Text className={styles.label}>Entity ID</Text>
        <Text className={styles.mono}>{m.entity_id}</Text>
        {m.saml_sign_in.map((e) => (
          <Endpoint key={`in-${e.binding}-${e.location}`} label="SAML sign-in" binding={e.binding} location={e.location} />
        ))}
        {m.saml_sign_out.map((e) => (
          <Endpoint key={`out-${e.binding}-${e.location}`} label="SAML sign-out" binding={e.binding} location={e.location} />
        ))}
        {m.ws_fed_passive_endpoint && (
          <>
            <Text className={styles.label}>WS-Federation endpoint</Text>
            <Text className={styles.mono}>{m.ws_fed_passive_endpoint}</Text>
          </>
        )}
        {m.valid_until && (
          <>
            <Text className={styles.label}>Metadata valid until</Text>
            <Text title={utcDateTime(m.valid_until)}>{localDateTime(m.valid_until)}</Text>
          </>
        )}
        <Text className={styles.label}>Signing certificates</Text>
        <ul className={styles.list}>
          {m.signing_certificates.map((c) => (
            <li key={c.facts.thumbprint}>
              <Text className={styles.mono}>{c.facts.subject}</Text> — expires{" "}
              <span title={utcDateTime(c.facts.not_after)}>{localDateTime(c.facts.not_after)}</span>
              <br />
              <Text size={200} className={styles.mono}>
                {c.facts.thumbprint}
              </Text>
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}

function Endpoint({ label, binding, location }: { label: string; binding: string; location: string }) {
  const styles = useStyles();
  const short = binding.split(":").pop() ?? binding;
  return (
    <>
      <Text className={styles.label}>{label}</Text>
      <Text className={styles.mono}>
        {location} ({short})
      </Text>
    </>
  );
}
