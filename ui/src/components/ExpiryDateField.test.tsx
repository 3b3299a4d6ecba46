// The optional expiry date: "never" is a switched-off state, not an empty date box, and switching
// expiry on proposes a date 30 days ahead that the user may change.
import { FluentProvider, webLightTheme } from "@fluentui/react-components";
import { cleanup, fireEvent, render, screen } from "@testing-library/react";
import { useState } from "react";
import { afterEach, describe, expect, it } from "vitest";
import { ExpiryDateField, dateAhead } from "./ExpiryDateField";

afterEach(cleanup);

function Harness({ initial, seen }: { initial: string; seen: string[] }) {
  const [value, setValue] = useState(initial);
  return (
    <FluentProvider theme={webLightTheme}>
      <ExpiryDateField
        label="Expiry"
        value={value}
        onChange={(v) => {
          seen.push(v);
          setValue(v);
        }}
        hint="Valid until this date begins (00:00 UTC)."
        testId="expiry"
      />
    </FluentProvider>
  );
}

describe("ExpiryDateField", () => {
  it("shows no date box while there is no expiry, and proposes 30 days ahead when switched on", () => {
    const seen: string[] = [];
    render(<Harness initial="" seen={seen} />);
    expect(screen.queryByTestId("expiry")).toBeNull();
    expect(screen.getByText("Never expires.")).toBeTruthy();

    fireEvent.click(screen.getByTestId("expiry-switch"));
    const proposed = dateAhead(Date.now(), 30);
    expect(seen).toEqual([proposed]);
    expect((screen.getByTestId("expiry") as HTMLInputElement).value).toBe(proposed);

    fireEvent.change(screen.getByTestId("expiry"), { target: { value: "2027-03-31" } });
    fireEvent.click(screen.getByTestId("expiry-switch"));
    expect(seen).toEqual([proposed, "2027-03-31", ""]);
    expect(screen.queryByTestId("expiry")).toBeNull();
  });

  it("starts switched on with the date an invitation already has", () => {
    render(<Harness initial="2027-01-15" seen={[]} />);
    expect((screen.getByTestId("expiry") as HTMLInputElement).value).toBe("2027-01-15");
    expect(screen.getByText("Valid until this date begins (00:00 UTC).")).toBeTruthy();
  });

  it("counts days ahead on the local calendar across a month end", () => {
    const jan31 = new Date(2027, 0, 31, 12).getTime();
    expect(dateAhead(jan31, 30)).toBe("2027-03-02");
    expect(dateAhead(jan31, 0)).toBe("2027-01-31");
  });
});
