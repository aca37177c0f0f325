import { ActivityType } from "@sift/schemas";
import { describe, expect, it } from "vitest";

import { issueWebhookAction } from "./decider.js";

describe("issueWebhookAction", () => {
  it.each([
    [ActivityType.FIRST_SEEN, "created"],
    [ActivityType.SET_RESOLVED, "resolved"],
    [ActivityType.SET_RESOLVED_IN_RELEASE, "resolved"],
    [ActivityType.SET_RESOLVED_IN_COMMIT, "resolved"],
    [ActivityType.ASSIGNED, "assigned"],
    [ActivityType.SET_IGNORED, "archived"],
    [ActivityType.SET_UNRESOLVED, "unresolved"],
    [ActivityType.SET_REGRESSION, "unresolved"],
    [ActivityType.SET_ESCALATING, "unresolved"],
    [ActivityType.AUTO_SET_ONGOING, null],
    [ActivityType.NOTE, null],
  ])("activity type %i gives the %s action", (type, action) => {
    expect(issueWebhookAction(type)).toBe(action);
  });
});
