// Connections: each tenant the workspace signs in to, with its sign-in state and account; add,
// sign in through the browser, sign out, test, remove, and discover the tenant's portals.
import {
  Badge,
  Button,
  MessageBar,
  MessageBarBody,
  Spinner,
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
import { Add24Regular } from "@fluentui/react-icons";
import { useState } from "react";
import { cancelSignIn, useConnections, useRemoveConnection, useSignIn, useSignOut, useTestConnection } from "../../api";
import type { ConnectionTest, ConnectionView } from "../../api";
import { AddConnectionDialog } from "./AddConnectionDialog";
import { DiscoverDialog } from "./DiscoverDialog";

const useStyles = makeStyles({
  page: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM },
  table: { backgroundColor: tokens.colorNeutralBackground1, tableLayout: "fixed" },
  clip: { overflow: "hidden", textOverflow: "ellipsis", whiteSpace: "nowrap" },
  actions: { display: "flex", gap: tokens.spacingHorizontalS, flexWrap: "wrap" },
});

const STATE_LABEL: Record<ConnectionView["token_state"], string> = {
  signed_in: "Signed in",
  signed_out: "Signed out",
  signin_required: "Sign in again",
};

const METHOD_LABEL: Record<ConnectionView["method"], string> = {
  delegated: "A person",
  client_secret: "Application (secret)",
  certificate: "Application (certificate)",
};

export function ConnectionsPage() {
  const styles = useStyles();
  const connections = useConnections();
  const signIn = useSignIn();
  const signOut = useSignOut();
  const test = useTestConnection();
  const remove = useRemoveConnection();
  const [adding, setAdding] = useState(false);
  const [discovering, setDiscovering] = useState<ConnectionView | null>(null);
  const [tested, setTested] = useState<ConnectionTest | null>(null);
  const failure = signIn.error ?? signOut.error ?? test.error ?? remove.error;

  return (
    <div className={styles.page}>
      <Title2 as="h1">Connections</Title2>
      <Text>
        Each connection is one Entra ID tenant and one way to sign in. Tokens and secrets stay in the system keyring; portals
        found by discovery take their key dates from Microsoft Graph.
      </Text>
      <Toolbar aria-label="Connection actions">
        <Button appearance="primary" icon={<Add24Regular />} onClick={() => setAdding(true)} data-testid="connection-add">
          Add connection
        </Button>
      </Toolbar>
      {failure && (
        <MessageBar intent="error" data-testid="connection-error">
          <MessageBarBody>{failure.message}</MessageBarBody>
        </MessageBar>
      )}
      {signIn.isPending && (
        <MessageBar intent="info">
          <MessageBarBody>
            Finish the sign-in in your browser.{" "}
            <Button size="small" onClick={() => void cancelSignIn()}>
              Cancel
            </Button>
          </MessageBarBody>
        </MessageBar>
      )}
      {tested && (
        <MessageBar intent={tested.services.every((s) => !s.error) ? "success" : "warning"} data-testid="connection-tested">
          <MessageBarBody>
            {tested.connection.name}:{" "}
            {tested.services.map((s) => `${s.service} ${s.error ? `failed (${s.error})` : "ok"}`).join(" · ")}
          </MessageBarBody>
        </MessageBar>
      )}
      {connections.isPending && <Spinner label="Loading connections…" />}
      {connections.data?.length === 0 && <Text>No connections yet. Add one to discover a tenant's portals.</Text>}
      {connections.data && connections.data.length > 0 && (
        <Table className={styles.table} aria-label="Connections" data-testid="connections-table">
          <TableHeader>
            <TableRow>
              <TableHeaderCell style={{ width: "13%" }}>Name</TableHeaderCell>
              <TableHeaderCell style={{ width: "17%" }}>Tenant</TableHeaderCell>
              <TableHeaderCell style={{ width: "12%" }}>Signs in as</TableHeaderCell>
              <TableHeaderCell style={{ width: "110px" }}>State</TableHeaderCell>
              <TableHeaderCell style={{ width: "14%" }}>Account</TableHeaderCell>
              <TableHeaderCell style={{ width: "64px" }}>Portals</TableHeaderCell>
              <TableHeaderCell style={{ width: "330px" }}>Actions</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {connections.data.map((c) => (
              <TableRow key={c.id} data-testid="connection-row" data-name={c.name}>
                <TableCell className={styles.clip} title={c.name}>
                  {c.name}
                </TableCell>
                <TableCell className={styles.clip} title={c.tenant_id ?? c.tenant}>
                  {c.tenant}
                </TableCell>
                <TableCell>{METHOD_LABEL[c.method]}</TableCell>
                <TableCell>
                  <Badge
                    appearance="tint"
                    color={c.token_state === "signed_in" ? "success" : c.token_state === "signin_required" ? "danger" : "informative"}
                    title={c.last_error ?? undefined}
                  >
                    {STATE_LABEL[c.token_state]}
                  </Badge>
                </TableCell>
                <TableCell className={styles.clip} title={c.account ?? undefined}>
                  {c.account ?? "—"}
                </TableCell>
                <TableCell>{c.portals}</TableCell>
                <TableCell>
                  <div className={styles.actions}>
                    {c.method === "delegated" && (
                      <Button size="small" onClick={() => signIn.mutate(c.id)} disabled={signIn.isPending}>
                        Sign in
                      </Button>
                    )}
                    {c.method === "delegated" && c.token_state === "signed_in" && (
                      <Button size="small" onClick={() => signOut.mutate(c.id)}>
                        Sign out
                      </Button>
                    )}
                    <Button size="small" onClick={() => test.mutate(c.id, { onSuccess: setTested })} disabled={test.isPending}>
                      Test
                    </Button>
                    {c.method === "delegated" && (
                      <Button size="small" appearance="primary" onClick={() => setDiscovering(c)} data-testid="connection-discover">
                        Discover portals
                      </Button>
                    )}
                    <Button size="small" appearance="subtle" onClick={() => remove.mutate(c.id)}>
                      Remove
                    </Button>
                  </div>
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      {adding && <AddConnectionDialog onClose={() => setAdding(false)} />}
      {discovering && <DiscoverDialog connection={discovering} onClose={() => setDiscovering(null)} />}
    </div>
  );
}
