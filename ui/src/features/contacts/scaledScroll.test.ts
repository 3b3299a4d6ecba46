// The scaled scroll range: untouched for lists a webview can draw, and for a million rows a real
// range below the safe height that still reaches exactly the first and the last row.
import { describe, expect, it } from "vitest";
import { MAX_SCROLL_HEIGHT, realHeight, realTop, scaledScroller, scrollScale } from "./scaledScroll";

const VIEWPORT = 640;
const MILLION_ROWS = 1_000_000 * 32;

describe("scaled scrolling", () => {
  it("leaves a list that fits the safe height unscaled", () => {
    expect(scrollScale(100_000 * 32, VIEWPORT)).toBe(1);
    expect(realHeight(100_000 * 32)).toBe(100_000 * 32);
    expect(realTop(3200, 1000, 1)).toBe(3200);
  });

  it("keeps a million rows below the safe height and maps the real end onto the last row", () => {
    const scale = scrollScale(MILLION_ROWS, VIEWPORT);
    expect(realHeight(MILLION_ROWS)).toBe(MAX_SCROLL_HEIGHT);
    const realMax = MAX_SCROLL_HEIGHT - VIEWPORT;
    const virtualMax = realMax * scale;
    expect(virtualMax).toBeCloseTo(MILLION_ROWS - VIEWPORT, 3);
    // The last row's bottom sits at the real content's bottom when scrolled to the end.
    const lastStart = MILLION_ROWS - 32;
    expect(realTop(lastStart, virtualMax, scale) + 32).toBeCloseTo(MAX_SCROLL_HEIGHT, 3);
    // A row in view is placed in view: within the viewport below the real scroll position.
    const offset = 16_000_000;
    expect(realTop(offset + 320, offset, scale) - offset / scale).toBe(320);
  });

  it("reads and writes the element's scroll position in virtual pixels", () => {
    const element = document.createElement("div");
    Object.defineProperty(element, "clientHeight", { value: VIEWPORT });
    let top = 0;
    Object.defineProperty(element, "scrollTop", { get: () => top, set: (v: number) => (top = v) });
    element.scrollTo = ((options: ScrollToOptions) => (top = options.top ?? top)) as typeof element.scrollTo;
    const scroller = scaledScroller(element, () => MILLION_ROWS);
    const scale = scrollScale(MILLION_ROWS, VIEWPORT);

    scroller.scrollTo({ top: 8_000_000 });
    expect(top).toBeCloseTo(8_000_000 / scale, 6);
    expect(scroller.scrollTop).toBeCloseTo(8_000_000, 6);
    scroller.scrollTop = 0;
    expect(top).toBe(0);
    expect(scroller.scrollHeight).toBe(MILLION_ROWS);
    expect(scroller.clientHeight).toBe(VIEWPORT);
  });
});
