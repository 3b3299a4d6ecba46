// Renders a component inside the app's providers for component tests.
import { FluentProvider, webLightTheme } from "@fluentui/react-components";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render } from "@testing-library/react";
import type { ReactElement } from "react";
import { SelectedPortalProvider } from "../components/SelectedPortal";

/** Like the app's client: no retries, and data stays fresh until an entity's change says otherwise. */
export function testQueryClient(): QueryClient {
  return new QueryClient({ defaultOptions: { queries: { retry: false, staleTime: Infinity } } });
}

export function renderWithProviders(ui: ReactElement, client: QueryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } })) {
  return render(
    <FluentProvider theme={webLightTheme}>
      <QueryClientProvider client={client}>
        <SelectedPortalProvider>{ui}</SelectedPortalProvider>
      </QueryClientProvider>
    </FluentProvider>,
  );
}
