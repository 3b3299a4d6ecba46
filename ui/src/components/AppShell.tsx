// The frame every page shares, like the Microsoft admin centers: a brand header with the portal
// switcher, a left navigation, and the page.
import {
  NavDrawer,
  NavDrawerBody,
  NavItem,
  NavSectionHeader,
  Text,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { Globe24Regular, Home24Regular, ShieldKeyhole24Filled } from "@fluentui/react-icons";
import { useState, type ReactElement } from "react";
import { HomePage } from "../features/home/HomePage";
import { PortalsPage } from "../features/portals/PortalsPage";
import { PortalSwitcher } from "./PortalSwitcher";

type PageId = "home" | "portals";

const PAGES: Record<PageId, { label: string; icon: ReactElement; render: (go: (p: PageId) => void) => ReactElement }> = {
  home: { label: "Home", icon: <Home24Regular />, render: (go) => <HomePage onManagePortals={() => go("portals")} /> },
  portals: { label: "Portals", icon: <Globe24Regular />, render: () => <PortalsPage /> },
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
    padding: `${tokens.spacingVerticalXL} ${tokens.spacingHorizontalXXL}`,
    backgroundColor: tokens.colorNeutralBackground2,
  },
});

export function AppShell() {
  const styles = useStyles();
  const [page, setPage] = useState<PageId>("home");
  return (
    <div className={styles.root}>
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
        <NavDrawer
          className={styles.nav}
          open
          type="inline"
          selectedValue={page}
          onNavItemSelect={(_, data) => setPage(data.value as PageId)}
        >
          <NavDrawerBody>
            <NavSectionHeader>Workspace</NavSectionHeader>
            {(Object.keys(PAGES) as PageId[]).map((id) => (
              <NavItem key={id} value={id} icon={PAGES[id].icon} data-testid={`nav-${id}`}>
                {PAGES[id].label}
              </NavItem>
            ))}
          </NavDrawerBody>
        </NavDrawer>
        <main className={styles.main}>{PAGES[page].render(setPage)}</main>
      </div>
    </div>
  );
}
