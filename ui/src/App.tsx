// The app: one FluentProvider (theme follows the OS), the query cache, core events, the shell.
import { FluentProvider } from "@fluentui/react-components";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { useState } from "react";
import { useRenewalEvents, useWorkspaceEvents } from "./api";
import { AppShell } from "./components/AppShell";
import { NavigationProvider } from "./components/Navigation";
import { SelectedPortalProvider } from "./components/SelectedPortal";
import { useOsTheme } from "./components/theme";

export function App() {
  const [queryClient] = useState(
    () => new QueryClient({ defaultOptions: { queries: { retry: false, staleTime: Infinity } } }),
  );
  const theme = useOsTheme();
  return (
    <FluentProvider theme={theme} style={{ height: "100vh" }}>
      <QueryClientProvider client={queryClient}>
        <CoreEvents />
        <SelectedPortalProvider>
          <NavigationProvider>
            <AppShell />
          </NavigationProvider>
        </SelectedPortalProvider>
      </QueryClientProvider>
    </FluentProvider>
  );
}

function CoreEvents() {
  useWorkspaceEvents();
  useRenewalEvents();
  return null;
}
