// Marks the document while no query is loading (`<body data-quiet="true">`), so the end-to-end
// timings start a navigation from a settled app rather than one still loading its first screen.
// A leaf of its own: only it re-renders as queries start and finish.
import { useIsFetching, useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";

export function QuietMarker() {
  const client = useQueryClient();
  const fetching = useIsFetching();
  useEffect(() => {
    // Read again once every effect of this commit has run: queries that components below start
    // as they subscribe are counted by then, and a first screen still loading is not "quiet".
    const timer = setTimeout(() => {
      document.body.dataset.quiet = String(client.isFetching() === 0);
    }, 0);
    return () => clearTimeout(timer);
  }, [client, fetching]);
  return null;
}
