// The frame every page shares, like the Microsoft admin centers: a brand header with the portal
// switcher, a left navigation, the key-expiry banner and in-app alerts, then the page.
import { NavDrawer, NavDrawerBody, NavItem, NavSectionHeader, Text, makeStyles, tokens } from "@fluentui/react-components";
import {
  CalendarClock24Regular,
  ContactCard24Regular,
  DocumentLock24Regular,
  Globe24Regular,
  Home24Regular,
  Info24Regular,
  Key24Regular,
  PeopleLock24Regular,
  PeopleTeam24Regular,
  PersonLock24Regular,
  PlugConnected24Regular,
  ShieldCheckmark24Regular,
  ShieldKeyhole24Filled,
  TableLock24Regular,
  TableSettings24Regular,
  TicketDiagonal24Regular,
} from "@fluentui/react-icons";
import { useQueryClient } from "@tanstack/react-query";
import type { ReactElement } from "react";
import { prefetchContactList, usePrefetchContactList } from "../api";
import { EffectiveAccessPage } from "../features/access/EffectiveAccessPage";
import { PageAccessPage } from "../features/access/PageAccessPage";
import { PermissionsPage } from "../features/access/PermissionsPage";
import { RolesPage } from "../features/access/RolesPage";
import { ConnectionsPage } from "../features/connections/ConnectionsPage";
import { ContactsPage } from "../features/contacts/ContactsPage";
import { InvitationsPage } from "../features/invitations/InvitationsPage";
import { AboutPage } from "../features/keys/AboutPage";
import { ExpiriesPage } from "../features/keys/ExpiriesPage";
import { KeyPage } from "../features/keys/KeyPage";
import { HomePage } from "../features/home/HomePage";
import { PortalsPage } from "../features/portals/PortalsPage";
import { ProvidersPage } from "../features/providers/ProvidersPage";
import { AuthSettingsPage } from "../features/settings/AuthSettingsPage";
import { SiteSettingsPage } from "../features/settings/SiteSettingsPage";
import { KeyBanner } from "./KeyBanner";
import { useNavigation, type PageId } from "./Navigation";
import { PortalSwitcher } from "./PortalSwitcher";
import { QuietMarker } from "./QuietMarker";
import { useSelectedPortal } from "./SelectedPortal";
import { WatchAlerts } from "./WatchAlerts";

interface PageDef {
  label: string;
  icon: ReactElement;
  section: "Workspace" | "Portal";
  render: () => ReactElement;
}

const PAGES: Record<PageId, PageDef> = {
  home: { label: "Home", icon: <Home24Regular />, section: "Portal", render: () => <HomePage /> },
  key: { label: "Authentication key", icon: <Key24Regular />, section: "Portal", render: () => <KeyPage /> },
  settings: { label: "Authentication", icon: <PersonLock24Regular />, section: "Portal", render: () => <AuthSettingsPage /> },
  providers: { label: "Identity providers", icon: <PeopleLock24Regular />, section: "Portal", render: () => <ProvidersPage /> },
  roles: { label: "Web roles", icon: <PeopleTeam24Regular />, section: "Portal", render: () => <RolesPage /> },
  permissions: { label: "Table permissions", icon: <TableLock24Regular />, section: "Portal", render: () => <PermissionsPage /> },
  "page-access": { label: "Page access", icon: <DocumentLock24Regular />, section: "Portal", render: () => <PageAccessPage /> },
  "effective-access": {
    label: "Effective access",
    icon: <ShieldCheckmark24Regular />,
    section: "Portal",
    render: () => <EffectiveAccessPage />,
  },
  contacts: { label: "Contacts", icon: <ContactCard24Regular />, section: "Portal", render: () => <ContactsPage /> },
  invitations: { label: "Invitations", icon: <TicketDiagonal24Regular />, section: "Portal", render: () => <InvitationsPage /> },
  "site-settings": {
    label: "All site settings",
    icon: <TableSettings24Regular />,
    section: "Portal",
    render: () => <SiteSettingsPage />,
  },
  about: { label: "About", icon: <Info24Regular />, section: "Portal", render: () => <AboutPage /> },
  portals: { label: "Portals", icon: <Globe24Regular />, section: "Workspace", render: () => <PortalsPage /> },
  expiries: { label: "Expiries", icon: <CalendarClock24Regular />, section: "Workspace", render: () => <ExpiriesPage /> },
  connections: {
    label: "Connections",
    icon: <PlugConnected24Regular />,
    section: "Workspace",
    render: () => <ConnectionsPage />,
  },
};

const useStyles = makeStyles({
  root: { display: "grid", gridTemplateRows: "48px 1fr", height: "100%" },
  header: {
    display: "flex",
    alignItems: "center",
    gap: tokens.spacingHorizontalM,
    paddingInline: tokens.spacingHorizontalL,
    backgroundColor: tokens.colorBrandBackground,
    color: tokens.colorNeutralForegroundOnBrand,
  },
  brand: { display: "flex", alignItems: "center", gap: tokens.spacingHorizontalS, flexGrow: 1 },
  body: { display: "grid", gridTemplateColumns: "240px 1fr", minHeight: 0 },
  nav: { height: "100%" },
  main: {
    overflow: "auto",
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalM,
    padding: `${tokens.spacingVerticalL} ${tokens.spacingHorizontalXXL}`,
    backgroundColor: tokens.colorNeutralBackground2,
    // Banners keep their height; the page scrolls instead.
    "& > *": { flexShrink: 0 },
  },
});

export function AppShell() {
  const styles = useStyles();
  const { page, go } = useNavigation();
  const { portal } = useSelectedPortal();
  const client = useQueryClient();
  // The contacts list of a large portal takes a moment to read: read it ahead, once the portal is
  // known and again (if it was dropped from the cache meanwhile) when the pointer reaches its item.
  usePrefetchContactList(portal?.id);
  const section = (name: PageDef["section"]) =>
    (Object.keys(PAGES) as PageId[])
      .filter((id) => PAGES[id].section === name)
      .map((id) => (
        <NavItem
          key={id}
          value={id}
          icon={PAGES[id].icon}
          onPointerEnter={id === "contacts" && portal ? () => void prefetchContactList(client, portal.id) : undefined}
          data-testid={`nav-${id}`}
        >
          {PAGES[id].label}
        </NavItem>
      ));
  return (
    <div className={styles.root}>
      <QuietMarker />
      <header className={styles.header}>
        <div className={styles.brand}>
          <ShieldKeyhole24Filled aria-hidden />
          <Text weight="semibold" size={400}>
            Portal Admin Center
          </Text>
        </div>
        <PortalSwitcher />
      </header>
      <div className={styles.body}>
        <NavDrawer className={styles.nav} open type="inline" selectedValue={page} onNavItemSelect={(_, data) => go(data.value as PageId)}>
          <NavDrawerBody>
            <NavSectionHeader>Portal</NavSectionHeader>
            {section("Portal")}
            <NavSectionHeader>Workspace</NavSectionHeader>
            {section("Workspace")}
          </NavDrawerBody>
        </NavDrawer>
        <main className={styles.main}>
          <KeyBanner />
          <WatchAlerts />
          {PAGES[page].render()}
        </main>
      </div>
    </div>
  );
}
