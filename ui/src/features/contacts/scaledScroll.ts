// A list taller than a browser can draw: the real scroll element stays below a safe height, and the
// list's own "virtual" pixels are scaled linearly onto the real scroll range (nothing is scaled
// until needed). Rows have one fixed height, so which rows are in view is arithmetic on the scroll
// position: constant time whatever the list's length, where a general virtualizer measures every
// row (a million of them each time the count changes).

/**
 * The tallest real scroll height used. WebKitGTK (Tauri's Linux webview) stops painting content
 * placed past about 16.7 million px (2^24, checked under WebKitWebDriver: rows at 16M px show,
 * at 20M px the list is blank); Chromium's layout stops at 33.5 million px.
 */
export const MAX_SCROLL_HEIGHT = 12_000_000;

/** The height the scroll element's content gets for a list this tall. */
export function realHeight(virtualHeight: number): number {
  return Math.min(virtualHeight, MAX_SCROLL_HEIGHT);
}

/** Virtual px per real px, so that the real scroll range covers exactly the virtual one. */
export function scrollScale(virtualHeight: number, viewport: number): number {
  const real = realHeight(virtualHeight);
  if (real >= virtualHeight || real <= viewport) return 1;
  return (virtualHeight - viewport) / (real - viewport);
}

/** Where, in the real element, content at virtual `start` goes while the list shows virtual `offset`. */
export function realTop(start: number, offset: number, scale: number): number {
  return offset / scale + (start - offset);
}

/** The rows to render: those in view plus `overscan` either side, and where the view is. */
export interface RowWindow {
  /** First and last row index to render (`last < first` when there is none). */
  first: number;
  last: number;
  /** The view's top in virtual px. */
  offset: number;
  /** Virtual px per real px. */
  scale: number;
}

/** Which of `count` rows of `rowHeight` px show when the real element is scrolled to `scrollTop`. */
export function rowWindow(count: number, rowHeight: number, overscan: number, scrollTop: number, viewport: number): RowWindow {
  const virtualHeight = count * rowHeight;
  const scale = scrollScale(virtualHeight, viewport);
  const offset = Math.min(scrollTop * scale, Math.max(0, virtualHeight - viewport));
  if (count === 0 || viewport <= 0) return { first: 0, last: -1, offset, scale };
  const first = Math.max(0, Math.floor(offset / rowHeight) - overscan);
  const last = Math.min(count - 1, Math.ceil((offset + viewport) / rowHeight) - 1 + overscan);
  return { first, last, offset, scale };
}
