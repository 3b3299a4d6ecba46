// A portal's state as a coloured badge.
import { Badge } from "@fluentui/react-components";
import type { PortalState } from "../api";

const LOOK: Record<PortalState, { color: "success" | "warning" | "danger"; label: string }> = {
  running: { color: "success", label: "Running" },
  restarting: { color: "warning", label: "Restarting" },
  stopped: { color: "danger", label: "Stopped" },
};

export function StateBadge({ state }: { state: PortalState }) {
  const look = LOOK[state];
  return (
    <Badge appearance="tint" color={look.color}>
      {look.label}
    </Badge>
  );
}
