/** Sentry's rule node ids (conditions, filters, actions), and Sift's own Slack action. */
export const CONDITIONS = {
  FIRST_SEEN: "sentry.rules.conditions.first_seen_event.FirstSeenEventCondition",
  REGRESSION: "sentry.rules.conditions.regression_event.RegressionEventCondition",
  REAPPEARED: "sentry.rules.conditions.reappeared_event.ReappearedEventCondition",
  NEW_HIGH_PRIORITY: "sentry.rules.conditions.high_priority_issue.NewHighPriorityIssueCondition",
  EVENT_FREQUENCY: "sentry.rules.conditions.event_frequency.EventFrequencyCondition",
  UNIQUE_USERS: "sentry.rules.conditions.event_frequency.EventUniqueUserFrequencyCondition",
} as const;

export const FILTERS = {
  AGE: "sentry.rules.filters.age_comparison.AgeComparisonFilter",
  OCCURRENCES: "sentry.rules.filters.issue_occurrences.IssueOccurrencesFilter",
  ASSIGNED_TO: "sentry.rules.filters.assigned_to.AssignedToFilter",
  LATEST_RELEASE: "sentry.rules.filters.latest_release.LatestReleaseFilter",
  EVENT_ATTRIBUTE: "sentry.rules.filters.event_attribute.EventAttributeFilter",
  TAGGED_EVENT: "sentry.rules.filters.tagged_event.TaggedEventFilter",
  LEVEL: "sentry.rules.filters.level.LevelFilter",
  ISSUE_CATEGORY: "sentry.rules.filters.issue_category.IssueCategoryFilter",
} as const;

export const ACTIONS = {
  SENTRY_APP: "sentry.rules.actions.notify_event_sentry_app.NotifyEventSentryAppAction",
  SERVICE: "sentry.rules.actions.notify_event_service.NotifyEventServiceAction",
  EMAIL: "sentry.mail.actions.NotifyEmailAction",
  SLACK: "sift.rules.actions.SlackWebhookAction",
} as const;

/** Intervals of the frequency conditions, in milliseconds. */
export const INTERVALS: Readonly<Record<string, number>> = {
  "1m": 60_000,
  "5m": 5 * 60_000,
  "15m": 15 * 60_000,
  "1h": 3_600_000,
  "1d": 86_400_000,
  "1w": 7 * 86_400_000,
  "30d": 30 * 86_400_000,
};

/** Sentry's `MatchType`s of the tag and attribute filters. */
export const MATCH_TYPES = ["eq", "ne", "sw", "nsw", "ew", "new", "co", "nc", "is", "ns"] as const;

/** The frequency (minutes) a rule may have. */
export const MIN_FREQUENCY = 5;
export const MAX_FREQUENCY = 60 * 24 * 30;
export const DEFAULT_FREQUENCY = 30;
