// Which page is showing, with what another page asked it to start from (a role to filter the
// contacts by); anything (the banner, the tray, a page) can navigate.
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
  | "page-access"
  | "effective-access"
  | "contacts"
  | "invitations"
  | "site-settings"
  | "expiries"
  | "connections"
  | "about";

const PAGES: readonly PageId[] = [
  "home",
  "portals",
  "key",
  "settings",
  "providers",
  "roles",
  "permissions",
  "page-access",
  "effective-access",
  "contacts",
  "invitations",
  "site-settings",
  "expiries",
  "connections",
  "about",
];

/** Where a page starts when another page sends the admin there; read once, when it mounts. */
export interface PageParams {
  /** The contacts page starts filtered by this web role. */
  roleId?: string;
}

interface Navigation {
  page: PageId;
  params: PageParams;
  go: (page: PageId, portalId?: string, params?: PageParams) => void;
}

const NO_PARAMS: PageParams = {};

const Context = createContext<Navigation>({ page: "home", params: NO_PARAMS, go: () => {} });

export function NavigationProvider({ children }: { children: ReactNode }) {
  const [at, setAt] = useState<{ page: PageId; params: PageParams }>({ page: "home", params: NO_PARAMS });
  const { select } = useSelectedPortal();
  const go = useCallback(
    (next: PageId, portalId?: string, params: PageParams = NO_PARAMS) => {
      if (portalId) select(portalId);
      setAt({ page: next, params });
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
  const value = useMemo(() => ({ page: at.page, params: at.params, go }), [at, go]);
  return <Context.Provider value={value}>{children}</Context.Provider>;
}

export function useNavigation(): Navigation {
  return useContext(Context);
}
