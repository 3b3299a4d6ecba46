// About: the administrator's copy of `<portal>/_services/about` — the authentication key's
// expiry date, and the expiry notice at the bottom.
import { Card, Link, MessageBar, MessageBarBody, Text, Title2, makeStyles, tokens } from "@fluentui/react-components";
import { useKey } from "../../api";
import { localDateTime, utcDateTime } from "../../components/dates";
import { useSelectedPortal } from "../../components/SelectedPortal";
import { SEVERITY_LOOK } from "../../components/severity";

const useStyles = makeStyles({
  page: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalL, maxWidth: "800px" },
  facts: { display: "grid", gridTemplateColumns: "220px 1fr", rowGap: tokens.spacingVerticalS },
  label: { color: tokens.colorNeutralForeground3 },
});

export function AboutPage() {
  const styles = useStyles();
  const { portal } = useSelectedPortal();
  const view = useKey(portal?.id);
  if (!portal) return <Text>Add a portal first.</Text>;
  const key = view.data?.key;
  const severity = view.data?.severity;
  return (
    <div className={styles.page}>
      <Title2 as="h1">About {portal.name}</Title2>
      <Text>
        What <Link href={`${portal.url}_services/about`}>{portal.url}_services/about</Link> shows to an administrator.
      </Text>
      <Card>
        <div className={styles.facts}>
          <Text className={styles.label}>Portal ID</Text>
          <Text>{portal.id}</Text>
          <Text className={styles.label}>Organization</Text>
          <Text>{portal.environment_url}</Text>
          <Text className={styles.label}>Authentication key expires</Text>
          <Text data-testid="about-key-expiry">
            {key ? (
              <span title={utcDateTime(key.not_after)}>
                {localDateTime(key.not_after)} ({utcDateTime(key.not_after)})
              </span>
            ) : (
              "No authentication key"
            )}
          </Text>
        </div>
      </Card>
      {key && severity && severity !== "ok" && (
        <MessageBar intent={SEVERITY_LOOK[severity].intent} data-testid="about-expiry-notice">
          <MessageBarBody>
            {severity === "expired"
              ? `The authentication key of this portal has ${view.data?.time_left}. Renew it to bring the portal back.`
              : `The authentication key of this portal expires in ${view.data?.time_left}. Renew it before ${localDateTime(key.not_after)} or the portal stops working.`}
          </MessageBarBody>
        </MessageBar>
      )}
    </div>
  );
}
