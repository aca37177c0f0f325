import { describe, expect, it } from "vitest";
import { ACTIONS, CONDITIONS, FILTERS } from "./rule-ids.js";
import { parseRuleSpec } from "./rule-validation.js";

const action = { id: ACTIONS.SERVICE, service: "webhooks" };
const refusal = (body: unknown): string => {
  try {
    parseRuleSpec(body);
  } catch (error) {
    return (error as Error).message;
  }
  return "accepted";
};

describe("parseRuleSpec", () => {
  it("fills Sentry's defaults and keeps only the known fields of each node", () => {
    expect(
      parseRuleSpec({
        name: "n",
        conditions: [{ id: CONDITIONS.EVENT_FREQUENCY, value: "10", interval: "1h", extra: 1 }],
        actions: [action],
      }),
    ).toEqual({
      name: "n",
      environment: null,
      actionMatch: "all",
      filterMatch: "all",
      frequency: 30,
      conditions: [{ id: CONDITIONS.EVENT_FREQUENCY, value: 10, interval: "1h", comparisonType: "count" }],
      filters: [],
      actions: [action],
      owner: null,
    });
  });

  it("refuses with Sentry's messages", () => {
    expect(refusal({ name: "n" })).toBe("You must add an action for this alert to fire.");
    expect(refusal({ name: "", actions: [action] })).toBe("This field may not be blank.");
    expect(refusal({ name: "n", frequency: 50_000, actions: [action] })).toBe(
      "Ensure this value is less than or equal to 43200.",
    );
    expect(refusal({ name: "n", frequency: "often", actions: [action] })).toBe(
      "A valid integer is required.",
    );
    expect(refusal({ name: "n", actions: [{ service: "webhooks" }] })).toBe("Missing attribute 'id'");
    expect(
      refusal({ name: "n", filters: [{ id: FILTERS.LEVEL, match: "eq", level: "45" }], actions: [action] }),
    ).toBe('"45" is not a valid choice.');
    expect(refusal({ name: "n", actions: [{ id: ACTIONS.SLACK, webhookUrl: "not a url" }] })).toBe(
      "Enter a valid URL.",
    );
    expect(refusal([])).toBe("Invalid data. Expected a dictionary.");
  });
});
