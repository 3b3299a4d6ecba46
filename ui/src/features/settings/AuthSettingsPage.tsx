// Authentication settings: the checker's findings, then every portal-wide authentication setting
// of the catalogue as typed fields grouped like the portal documentation, with a search box and
// the password policy tester alongside. Provider settings live on the Identity providers page.
import {
  Caption1,
  Card,
  CardHeader,
  MessageBar,
  MessageBarBody,
  SearchBox,
  Spinner,
  Text,
  Title2,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { useMemo, useState } from "react";
import { useSettingsOverview, type EffectiveSetting } from "../../api";
import { useSelectedPortal } from "../../components/SelectedPortal";
import { FindingsList } from "./FindingsList";
import { GROUPS, settingLabel } from "./labels";
import { PasswordTester } from "./PasswordTester";
import { SettingField } from "./SettingField";

const useStyles = makeStyles({
  page: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalL, maxWidth: "1280px" },
  columns: {
    display: "grid",
    gridTemplateColumns: "minmax(0, 1fr) 340px",
    gap: tokens.spacingHorizontalL,
    alignItems: "start",
  },
  groups: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalL },
  search: { maxWidth: "480px" },
  muted: { color: tokens.colorNeutralForeground3 },
});

/**
 * Whether every word of the query appears in the setting's name, label, description or group
 * title: "lockout" finds the whole Lockout group, "unique email" finds RequireUniqueEmail.
 */
function matches(setting: EffectiveSetting, groupTitle: string, query: string): boolean {
  const words = query.trim().toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return true;
  const text = [setting.name, settingLabel(setting.name), setting.description ?? "", groupTitle].join("\n").toLowerCase();
  return words.every((w) => text.includes(w));
}

export function AuthSettingsPage() {
  const styles = useStyles();
  const { portal } = useSelectedPortal();
  const overview = useSettingsOverview(portal?.id);
  const [query, setQuery] = useState("");

  const grouped = useMemo(() => {
    const portalWide = (overview.data?.settings ?? []).filter((s) => s.in_catalogue && s.group !== null && s.group !== "provider");
    return GROUPS.map((g) => ({ ...g, settings: portalWide.filter((s) => s.group === g.id && matches(s, g.title, query)) })).filter(
      (g) => g.settings.length > 0,
    );
  }, [overview.data, query]);

  if (!portal) return <Text>Add a portal first.</Text>;

  return (
    <div className={styles.page} data-testid="auth-settings-page">
      <Title2 as="h1">Authentication</Title2>
      <Text>
        How {portal.name} registers and signs people in. Each value is a site setting; the portal uses the default shown when a
        setting is absent or cannot be read.
      </Text>
      {overview.isPending && <Spinner label="Loading the settings…" />}
      {overview.isError && (
        <MessageBar intent="error">
          <MessageBarBody>{overview.error.message}</MessageBarBody>
        </MessageBar>
      )}
      {overview.data && (
        <>
          <FindingsList portal={portal.id} findings={overview.data.findings} />
          <div className={styles.columns}>
            <div className={styles.groups}>
              <SearchBox
                className={styles.search}
                placeholder="Search settings by name or description"
                value={query}
                onChange={(_, data) => setQuery(data.value)}
                aria-label="Search settings"
                data-testid="settings-search"
              />
              {grouped.length === 0 && <Text data-testid="settings-no-match">No setting matches “{query.trim()}”.</Text>}
              {grouped.map((g) => (
                <Card key={g.id} data-testid={`settings-group-${g.id}`}>
                  <CardHeader
                    header={
                      <Text as="h2" weight="semibold" size={400}>
                        {g.title}
                      </Text>
                    }
                    description={<Caption1 className={styles.muted}>{g.settings.length} settings</Caption1>}
                  />
                  <div>
                    {g.settings.map((s) => (
                      <SettingField key={s.name} portal={portal.id} setting={s} />
                    ))}
                  </div>
                </Card>
              ))}
            </div>
            <PasswordTester portal={portal.id} />
          </div>
        </>
      )}
    </div>
  );
}
