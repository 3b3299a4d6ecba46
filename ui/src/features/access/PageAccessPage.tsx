// Page access: the portal's page access rules (who may read or change which part of the page
// tree) and its website access permissions (front-side editing rights), each added, changed and
// removed here as the CLI does.
import { MessageBar, MessageBarBody, Spinner, Text, Title2, makeStyles, tokens } from "@fluentui/react-components";
import { useState } from "react";
import { useAccessOverview } from "../../api";
import { useSelectedPortal } from "../../components/SelectedPortal";
import { PageRulesSection } from "./PageRulesSection";
import { WebsiteAccessSection } from "./WebsiteAccessSection";

const useStyles = makeStyles({
  page: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM },
});

export function PageAccessPage() {
  const styles = useStyles();
  const { portal } = useSelectedPortal();
  const overview = useAccessOverview(portal?.id);
  const [message, setMessage] = useState<string | null>(null);

  if (!portal) return <Text>Add a portal first.</Text>;
  const model = overview.data?.model;

  return (
    <div className={styles.page} data-testid="page-access-page">
      <Title2 as="h1">Page access</Title2>
      <Text>
        Who may see and change the pages of {portal.name}. A Restrict Read rule lets only its roles read a page and the pages under
        it; a Grant Change rule lets its roles edit them. Website access permissions grant front-side editing of snippets, site
        markers and link sets.
      </Text>
      {message && (
        <MessageBar intent="success" data-testid="page-access-message">
          <MessageBarBody>{message}</MessageBarBody>
        </MessageBar>
      )}
      {overview.isPending && <Spinner label="Loading page access…" />}
      {overview.isError && (
        <MessageBar intent="error">
          <MessageBarBody>{overview.error.message}</MessageBarBody>
        </MessageBar>
      )}
      {model && (
        <>
          <PageRulesSection portal={portal.id} model={model} onMessage={setMessage} />
          <WebsiteAccessSection portal={portal.id} model={model} onMessage={setMessage} />
        </>
      )}
    </div>
  );
}
