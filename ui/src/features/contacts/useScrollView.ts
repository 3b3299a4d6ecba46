// Where a scroll element is scrolled to and how tall its view is, as state that follows scrolling
// and resizing. Scroll positions are applied synchronously, as a virtualizer does, so the rows
// rendered for a position show in the same frame as the scroll.
import { useLayoutEffect, useState, type RefObject } from "react";
import { flushSync } from "react-dom";

export interface ScrollView {
  /** The element's real `scrollTop`. */
  top: number;
  /** Its `clientHeight`. */
  height: number;
}

/**
 * `initialHeight` is the view's height before the element can be measured (what its style makes
 * it), so the first render already has rows to show.
 */
export function useScrollView(ref: RefObject<HTMLElement | null>, initialHeight: number): ScrollView {
  const [view, setView] = useState<ScrollView>({ top: 0, height: initialHeight });
  useLayoutEffect(() => {
    const element = ref.current;
    if (!element) return;
    const read = () =>
      setView((current) =>
        current.top === element.scrollTop && current.height === element.clientHeight
          ? current
          : { top: element.scrollTop, height: element.clientHeight },
      );
    read();
    const onScroll = () => flushSync(read);
    element.addEventListener("scroll", onScroll, { passive: true });
    const observer = new ResizeObserver(read);
    observer.observe(element);
    return () => {
      element.removeEventListener("scroll", onScroll);
      observer.disconnect();
    };
  }, [ref]);
  return view;
}
