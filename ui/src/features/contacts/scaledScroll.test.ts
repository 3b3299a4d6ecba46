// The scaled scroll range: untouched for lists a webview can draw, and for a million rows a real
// range below the safe height that still reaches exactly the first and the last row; which rows
// render for a scroll position.
import { describe, expect, it } from "vitest";
import { MAX_SCROLL_HEIGHT, realHeight, realTop, rowWindow, scrollScale } from "./scaledScroll";

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

  it("renders the rows in view plus the overscan, at the top, in the middle and at the end of a million", () => {
    const rows = 1_000_000;
    expect(rowWindow(rows, 32, 10, 0, VIEWPORT)).toMatchObject({ first: 0, last: 20 + 10 - 1, offset: 0 });

    // Half way down the real range is half way down the virtual one.
    const scale = scrollScale(MILLION_ROWS, VIEWPORT);
    const middle = rowWindow(rows, 32, 10, (MAX_SCROLL_HEIGHT - VIEWPORT) / 2, VIEWPORT);
    expect(middle.scale).toBe(scale);
    const top = Math.floor(middle.offset / 32);
    expect(top).toBe(Math.floor((MILLION_ROWS - VIEWPORT) / 2 / 32));
    expect([middle.first, middle.last]).toEqual([top - 10, Math.ceil((middle.offset + VIEWPORT) / 32) - 1 + 10]);

    // Scrolled to the end, the last row is the last rendered, and nothing past it.
    const end = rowWindow(rows, 32, 10, MAX_SCROLL_HEIGHT - VIEWPORT, VIEWPORT);
    expect(end.last).toBe(rows - 1);
    expect(end.first).toBe(rows - 20 - 10);
  });

  it("renders nothing for an empty list or a view not laid out, and clamps a short list", () => {
    expect(rowWindow(0, 32, 10, 0, VIEWPORT)).toMatchObject({ first: 0, last: -1 });
    expect(rowWindow(100, 32, 10, 0, 0)).toMatchObject({ first: 0, last: -1 });
    expect(rowWindow(5, 32, 10, 0, VIEWPORT)).toMatchObject({ first: 0, last: 4, scale: 1 });
  });
});
