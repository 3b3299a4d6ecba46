// Renders part of a page just after the page's first commit, at low priority: a list's first rows
// (a higher-priority update) come before, say, its toolbar and filters, whose first render costs
// more than the rows on a cold start (styles injected and code compiled at first use). Until then
// the part's place is held at the height it last had, so nothing moves when it appears.
import { startTransition, useEffect, useLayoutEffect, useRef, useState, type ReactNode } from "react";

/** Last heights by `id`, for the next first render of the same part. */
const heights = new Map<string, number>();

interface Props {
  /** Names the part, to hold its place at the height it last had. */
  id: string;
  /** The height to hold the first time (before the part has ever rendered). */
  initialHeight: number;
  className?: string;
  children: ReactNode;
}

export function AfterFirstCommit({ id, initialHeight, className, children }: Props) {
  const [shown, setShown] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    startTransition(() => setShown(true));
  }, []);
  useLayoutEffect(() => {
    const element = ref.current;
    if (!shown || !element) return;
    const observer = new ResizeObserver(() => heights.set(id, element.offsetHeight));
    observer.observe(element);
    return () => observer.disconnect();
  }, [id, shown]);
  return (
    <div ref={ref} className={className} style={shown ? undefined : { minHeight: heights.get(id) ?? initialHeight }}>
      {shown ? children : null}
    </div>
  );
}
