// Which page is showing; anything (the banner, the tray, a page) can navigate.
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from "react";
import { useNavigationRequests } from "../api";
import { useSelectedPortal } from "./SelectedPortal";

// "providers" is also what the core asks for when a provider-certificate reminder is clicked.
export type PageId =
  | "home"
  | "portals"
  | "key"
  | "settings"
  | "providers"
  | "roles"
  | "permissions"
  | "effective-access"
  | "site-settings"
  | "expiries"
  | "about";

const PAGES: readonly PageId[] = [
  "home",
  "portals",
  "key",
  "settings",
  "providers",
  "roles",
  "permissions",
  "effective-access",
  "site-settings",
  "expiries",
  "about",
];

interface Navigation {
  page: PageId;
  go: (page: PageId, portalId?: string) => void;
}

const Context = createContext<Navigation>({ page: "home", go: () => {} });

export function NavigationProvider({ children }: { children: ReactNode }) {
  const [page, setPage] = useState<PageId>("home");
  const { select } = useSelectedPortal();
  const go = useCallback(
    (next: PageId, portalId?: string) => {
      if (portalId) select(portalId);
      setPage(next);
    },
    [select],
  );
  useNavigationRequests(
    useCallback(
      (request) => {
        const target = PAGES.find((p) => p === request.page);
        if (target) go(target, request.portal_id ?? undefined);
      },
      [go],
    ),
  );
  const value = useMemo(() => ({ page, go }), [page, go]);
  return <Context.Provider value={value}>{children}</Context.Provider>;
}

export function useNavigation(): Navigation {
  return useContext(Context);
}
