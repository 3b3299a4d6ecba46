// Counts read with grouped digits whatever locale the webview starts with.
import { describe, expect, it } from "vitest";
import { countOf, formatCount } from "./numbers";

describe("formatCount", () => {
  it("groups digits in the user's locale", () => {
    expect(formatCount(1_000_032, "en-US")).toBe("1,000,032");
    expect(formatCount(1_000_032, "de-DE")).toBe("1.000.032");
  });

  it("groups digits even when the webview's locale is POSIX, which prints none", () => {
    expect(new Intl.NumberFormat("en-US-u-va-posix").format(1_000_032)).toBe("1000032");
    expect(formatCount(1_000_032, "en-US-u-va-posix")).toBe("1,000,032");
  });

  it("counts with the singular for exactly one", () => {
    expect([countOf(0, "contact"), countOf(1, "contact"), countOf(1_000_032, "contact")]).toEqual([
      "0 contacts",
      "1 contact",
      "1,000,032 contacts",
    ]);
  });
});
