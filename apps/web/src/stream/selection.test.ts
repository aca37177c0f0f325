import { describe, expect, it } from "vitest";
import {
  emptySelection,
  pageState,
  prune,
  selectAllMatching,
  selectedCount,
  toggle,
  togglePage,
} from "./selection.js";

describe("the stream's selection", () => {
  it("toggles rows one by one and counts them", () => {
    const one = toggle(emptySelection, "1");
    const two = toggle(one, "2");
    expect([...two.ids]).toEqual(["1", "2"]);
    expect([...toggle(two, "1").ids]).toEqual(["2"]);
    expect(selectedCount(two, 40)).toBe(2);
  });

  it("selects the page with the header checkbox, and clears it when every row is selected", () => {
    const page = ["1", "2", "3"];
    expect(pageState(toggle(emptySelection, "2"), page)).toBe("some");
    const all = togglePage(toggle(emptySelection, "2"), page);
    expect(pageState(all, page)).toBe("all");
    expect(pageState(togglePage(all, page), page)).toBe("none");
  });

  it("counts the query's total when everything matching is selected", () => {
    const all = selectAllMatching(["1", "2"]);
    expect(all.all).toBe(true);
    expect(selectedCount(all, 1_234)).toBe(1_234);
    expect(toggle(all, "1").all).toBe(false);
  });

  it("drops rows that left the page (live refresh) and keeps the same object when nothing left", () => {
    const selection = toggle(toggle(emptySelection, "1"), "2");
    expect([...prune(selection, ["2", "3"]).ids]).toEqual(["2"]);
    expect(prune(selection, ["1", "2"])).toBe(selection);
    expect(prune(selectAllMatching(["1"]), []).all).toBe(false);
  });
});
