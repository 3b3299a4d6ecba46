// Which portal the admin is working on: remembered across starts, falls back to the first one.
import { createContext, useContext, useMemo, useState, type ReactNode } from "react";
import { usePortals } from "../api";
import type { Portal } from "../api";

const STORAGE_KEY = "portal-admin.selected-portal";

interface SelectedPortal {
  portal: Portal | undefined;
  select: (id: string) => void;
}

const Context = createContext<SelectedPortal>({ portal: undefined, select: () => {} });

export function SelectedPortalProvider({ children }: { children: ReactNode }) {
  const portals = usePortals();
  const [chosenId, setChosenId] = useState<string | null>(() => localStorage.getItem(STORAGE_KEY));
  const value = useMemo<SelectedPortal>(() => {
    const list = portals.data ?? [];
    const portal = list.find((p) => p.id === chosenId) ?? list[0];
    return {
      portal,
      select: (id) => {
        localStorage.setItem(STORAGE_KEY, id);
        setChosenId(id);
      },
    };
  }, [portals.data, chosenId]);
  return <Context.Provider value={value}>{children}</Context.Provider>;
}

export function useSelectedPortal(): SelectedPortal {
  return useContext(Context);
}
