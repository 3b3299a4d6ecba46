// A list taller than a browser can draw: the real scroll element stays below a safe height, and a
// virtualizer sees it through an adapter that reports (and takes) positions in the list's own
// "virtual" pixels, scaled linearly onto the real scroll range. Nothing is scaled until needed.

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

/** The element's scroll surface in virtual px, with the element itself for observing its size. */
export interface ScaledScroller {
  readonly element: HTMLElement;
  readonly ownerDocument: Document;
  readonly style: CSSStyleDeclaration;
  scrollTop: number;
  readonly scrollLeft: number;
  readonly scrollHeight: number;
  readonly scrollWidth: number;
  readonly clientHeight: number;
  readonly clientWidth: number;
  scrollTo(options: ScrollToOptions): void;
  addEventListener: HTMLElement["addEventListener"];
  removeEventListener: HTMLElement["removeEventListener"];
}

/** `virtualHeight` is read on every use, so the adapter follows a list whose length changes. */
export function scaledScroller(element: HTMLElement, virtualHeight: () => number): ScaledScroller {
  const scale = () => scrollScale(virtualHeight(), element.clientHeight);
  return {
    element,
    get ownerDocument() {
      return element.ownerDocument;
    },
    get style() {
      return element.style;
    },
    get scrollTop() {
      return element.scrollTop * scale();
    },
    set scrollTop(value: number) {
      element.scrollTop = value / scale();
    },
    scrollLeft: 0,
    get scrollHeight() {
      return Math.max(virtualHeight(), element.clientHeight);
    },
    get scrollWidth() {
      return element.scrollWidth;
    },
    get clientHeight() {
      return element.clientHeight;
    },
    get clientWidth() {
      return element.clientWidth;
    },
    scrollTo(options: ScrollToOptions) {
      if (options.top === undefined) return;
      const top = options.top / scale();
      // An instant jump is a plain assignment; only a smooth one needs the element's scrollTo.
      if (options.behavior === "smooth") element.scrollTo({ top, behavior: "smooth" });
      else element.scrollTop = top;
    },
    addEventListener: element.addEventListener.bind(element),
    removeEventListener: element.removeEventListener.bind(element),
  };
}

/** Where, in the real element, content at virtual `start` goes while the list shows virtual `offset`. */
export function realTop(start: number, offset: number, scale: number): number {
  return offset / scale + (start - offset);
}

/** A virtualizer's `observeElementRect` for an adapter: watches the real element's size. */
export function observeScaledRect(instance: { scrollElement: unknown }, report: (rect: { width: number; height: number }) => void) {
  const element = (instance.scrollElement as ScaledScroller | null)?.element;
  if (!element) return;
  const measure = () => report({ width: element.clientWidth, height: element.clientHeight });
  measure();
  const observer = new ResizeObserver(measure);
  observer.observe(element);
  return () => observer.disconnect();
}
