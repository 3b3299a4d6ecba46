// Marks the document while no query is loading (`<body data-quiet="true">`), so the end-to-end
// timings start a navigation from a settled app rather than one still loading its first screen.
// A leaf of its own: only it re-renders as queries start and finish.
import { useIsFetching } from "@tanstack/react-query";
import { useEffect } from "react";

export function QuietMarker() {
  const fetching = useIsFetching();
  useEffect(() => {
    document.body.dataset.quiet = String(fetching === 0);
  }, [fetching]);
  return null;
}
