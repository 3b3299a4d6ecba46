// Home: the selected portal at a glance.
import {
  Button,
  Card,
  CardHeader,
  Spinner,
  Text,
  Title2,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { usePortals } from "../../api";
import { useNavigation } from "../../components/Navigation";
import { useSelectedPortal } from "../../components/SelectedPortal";
import { StateBadge } from "../../components/StateBadge";
import { localDateTime, utcDateTime } from "../../components/dates";

const useStyles = makeStyles({
  page: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalL, maxWidth: "960px" },
  facts: {
    display: "grid",
    gridTemplateColumns: "220px 1fr",
    rowGap: tokens.spacingVerticalS,
    columnGap: tokens.spacingHorizontalL,
  },
  label: { color: tokens.colorNeutralForeground3 },
});

export function HomePage() {
  const styles = useStyles();
  const { go } = useNavigation();
  const onManagePortals = () => go("portals");
  const portals = usePortals();
  const { portal } = useSelectedPortal();
  if (portals.isPending) return <Spinner label="Loading the workspace…" />;
  if (!portal) {
    return (
      <div className={styles.page}>
        <Title2 as="h1">Welcome</Title2>
        <Text>This workspace has no portals yet.</Text>
        <Button appearance="primary" onClick={onManagePortals}>
          Add a portal
        </Button>
      </div>
    );
  }
  const facts: [string, React.ReactNode][] = [
    ["Portal URL", portal.url],
    ["Dataverse environment", portal.environment_url],
    ["Application (client) ID", portal.app_id],
    ["Portal ID", portal.id],
    ["Owner", portal.owner ?? "—"],
    ["State", <StateBadge state={portal.state} />],
    ["Added", <span title={utcDateTime(portal.created_at)}>{localDateTime(portal.created_at)}</span>],
    ["Last changed", <span title={utcDateTime(portal.updated_at)}>{localDateTime(portal.updated_at)}</span>],
  ];
  return (
    <div className={styles.page}>
      <Title2 as="h1" data-testid="home-title">
        {portal.name}
      </Title2>
      <Card>
        <CardHeader header={<Text weight="semibold">Portal details</Text>} />
        <div className={styles.facts}>
          {facts.map(([label, value]) => (
            <div key={label} style={{ display: "contents" }}>
              <Text className={styles.label}>{label}</Text>
              <Text>{value}</Text>
            </div>
          ))}
        </div>
      </Card>
    </div>
  );
}
