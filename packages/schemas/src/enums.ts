/** The names of an enum's values in lower case, by value: `{ SET_RESOLVED: 1 }` gives `{ 1: "set_resolved" }`. */
function lowerCaseNames(values: Readonly<Record<string, number>>): Readonly<Record<number, string>> {
  return Object.fromEntries(Object.entries(values).map(([name, value]) => [value, name.toLowerCase()]));
}

export const GroupStatus = {
  UNRESOLVED: 0,
  RESOLVED: 1,
  IGNORED: 2,
  PENDING_DELETION: 3,
  DELETION_IN_PROGRESS: 4,
  PENDING_MERGE: 5,
  REPROCESSING: 6,
} as const;

export const GroupSubStatus = {
  UNTIL_ESCALATING: 1,
  ESCALATING: 2,
  ONGOING: 3,
  UNTIL_CONDITION_MET: 4,
  FOREVER: 5,
  REGRESSED: 6,
  NEW: 7,
} as const;

export const IGNORED_SUBSTATUSES: readonly number[] = [
  GroupSubStatus.UNTIL_ESCALATING,
  GroupSubStatus.FOREVER,
  GroupSubStatus.UNTIL_CONDITION_MET,
];

/** `is:` / API strings of substatuses, with the status each implies. */
export const SUBSTATUS_STRINGS: Readonly<Record<string, { substatus: number; status: number }>> = {
  archived_until_escalating: { substatus: GroupSubStatus.UNTIL_ESCALATING, status: GroupStatus.IGNORED },
  archived_until_condition_met: {
    substatus: GroupSubStatus.UNTIL_CONDITION_MET,
    status: GroupStatus.IGNORED,
  },
  archived_forever: { substatus: GroupSubStatus.FOREVER, status: GroupStatus.IGNORED },
  escalating: { substatus: GroupSubStatus.ESCALATING, status: GroupStatus.UNRESOLVED },
  ongoing: { substatus: GroupSubStatus.ONGOING, status: GroupStatus.UNRESOLVED },
  regressed: { substatus: GroupSubStatus.REGRESSED, status: GroupStatus.UNRESOLVED },
  new: { substatus: GroupSubStatus.NEW, status: GroupStatus.UNRESOLVED },
};

export function substatusToString(substatus: number | null): string | null {
  if (substatus === null) return null;
  for (const [name, v] of Object.entries(SUBSTATUS_STRINGS)) if (v.substatus === substatus) return name;
  return null;
}

/** `is:` strings of statuses. */
export const STATUS_QUERY_STRINGS: Readonly<Record<string, number>> = {
  resolved: GroupStatus.RESOLVED,
  unresolved: GroupStatus.UNRESOLVED,
  ignored: GroupStatus.IGNORED,
  archived: GroupStatus.IGNORED,
  muted: GroupStatus.IGNORED,
  reprocessing: GroupStatus.REPROCESSING,
};

/** API `status` strings of an issue as serialised. */
export function statusToString(status: number): string {
  switch (status) {
    case GroupStatus.RESOLVED:
      return "resolved";
    case GroupStatus.IGNORED:
      return "ignored";
    case GroupStatus.PENDING_DELETION:
    case GroupStatus.DELETION_IN_PROGRESS:
      return "pending_deletion";
    case GroupStatus.PENDING_MERGE:
      return "pending_merge";
    case GroupStatus.REPROCESSING:
      return "reprocessing";
    default:
      return "unresolved";
  }
}

/** The query an issue list uses when none is given (the API's, and so the CLI's). */
export const DEFAULT_ISSUE_QUERY = "is:unresolved issue.priority:[high, medium]";

export const PriorityLevel = { LOW: 25, MEDIUM: 50, HIGH: 75 } as const;
export type PriorityValue = (typeof PriorityLevel)[keyof typeof PriorityLevel];
export const PRIORITY_VALUES: readonly number[] = [25, 50, 75];

export function priorityToString(priority: number | null): "low" | "medium" | "high" | null {
  if (priority === PriorityLevel.LOW) return "low";
  if (priority === PriorityLevel.MEDIUM) return "medium";
  if (priority === PriorityLevel.HIGH) return "high";
  return null;
}

/** Case-insensitive; an unknown string gives null. */
export function parsePriority(value: string): PriorityValue | null {
  switch (value.toLowerCase()) {
    case "low":
      return PriorityLevel.LOW;
    case "medium":
      return PriorityLevel.MEDIUM;
    case "high":
      return PriorityLevel.HIGH;
    default:
      return null;
  }
}

export const GroupCategory = {
  ERROR: 1,
  PERFORMANCE: 2,
  PROFILE: 3,
  CRON: 4,
  REPLAY: 5,
  FEEDBACK: 6,
  UPTIME: 7,
} as const;

export const CATEGORY_NAMES = lowerCaseNames(GroupCategory);

export const LOG_LEVELS = ["sample", "debug", "info", "warning", "error", "fatal"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
export const LOG_LEVEL_VALUES: Readonly<Record<LogLevel, number>> = {
  sample: 0,
  debug: 10,
  info: 20,
  warning: 30,
  error: 40,
  fatal: 50,
};

export function levelToString(level: number | null): LogLevel | null {
  return LOG_LEVELS.find((name) => LOG_LEVEL_VALUES[name] === level) ?? null;
}

export const ActivityType = {
  SET_RESOLVED: 1,
  SET_UNRESOLVED: 2,
  SET_IGNORED: 3,
  SET_PUBLIC: 4,
  SET_PRIVATE: 5,
  SET_REGRESSION: 6,
  NOTE: 8,
  FIRST_SEEN: 9,
  ASSIGNED: 11,
  UNASSIGNED: 12,
  SET_RESOLVED_IN_RELEASE: 13,
  MERGE: 14,
  SET_RESOLVED_IN_COMMIT: 16,
  UNMERGE_SOURCE: 17,
  UNMERGE_DESTINATION: 18,
  AUTO_SET_ONGOING: 24,
  SET_ESCALATING: 25,
  SET_PRIORITY: 26,
  DELETED_ATTACHMENT: 27,
} as const;

/** Sentry's activity `type` strings as the API shows them; DELETED_ATTACHMENT has none, so shows its number. */
const { DELETED_ATTACHMENT: _shownByNumber, ...NAMED_ACTIVITY_TYPES } = ActivityType;
export const ACTIVITY_TYPE_NAMES = lowerCaseNames(NAMED_ACTIVITY_TYPES);

export const GroupHistoryStatus = {
  UNRESOLVED: 0,
  RESOLVED: 1,
  AUTO_RESOLVED: 2,
  IGNORED: 3,
  UNIGNORED: 4,
  ASSIGNED: 5,
  UNASSIGNED: 6,
  REGRESSED: 7,
  DELETED: 8,
  DELETED_AND_DISCARDED: 9,
  REVIEWED: 10,
  SET_RESOLVED_IN_RELEASE: 11,
  SET_RESOLVED_IN_COMMIT: 12,
  SET_RESOLVED_IN_PULL_REQUEST: 13,
  ESCALATING: 14,
  ARCHIVED_UNTIL_ESCALATING: 15,
  ARCHIVED_FOREVER: 16,
  ARCHIVED_UNTIL_CONDITION_MET: 17,
  NEW: 20,
  PRIORITY_HIGH: 21,
  PRIORITY_MEDIUM: 22,
  PRIORITY_LOW: 23,
} as const;

export const GroupInboxReason = {
  NEW: 0,
  UNIGNORED: 1,
  REGRESSION: 2,
  MANUAL: 3,
  REPROCESSED: 4,
  ESCALATING: 5,
  ONGOING: 6,
} as const;

export const ResolutionType = { IN_RELEASE: 0, IN_NEXT_RELEASE: 1, IN_UPCOMING_RELEASE: 2 } as const;
export const ResolutionStatus = { PENDING: 0, RESOLVED: 1 } as const;

/** History status a substatus writes, whatever the activity. */
const HISTORY_STATUS_BY_SUBSTATUS: Readonly<Record<number, number>> = {
  [GroupSubStatus.ESCALATING]: GroupHistoryStatus.ESCALATING,
  [GroupSubStatus.REGRESSED]: GroupHistoryStatus.REGRESSED,
  [GroupSubStatus.ONGOING]: GroupHistoryStatus.UNRESOLVED,
  [GroupSubStatus.UNTIL_ESCALATING]: GroupHistoryStatus.ARCHIVED_UNTIL_ESCALATING,
  [GroupSubStatus.FOREVER]: GroupHistoryStatus.ARCHIVED_FOREVER,
  [GroupSubStatus.UNTIL_CONDITION_MET]: GroupHistoryStatus.ARCHIVED_UNTIL_CONDITION_MET,
};

/** History status an activity writes when its substatus decides none. */
const HISTORY_STATUS_BY_ACTIVITY: Readonly<Record<number, number>> = {
  [ActivityType.SET_IGNORED]: GroupHistoryStatus.IGNORED,
  [ActivityType.SET_RESOLVED]: GroupHistoryStatus.RESOLVED,
  [ActivityType.SET_RESOLVED_IN_COMMIT]: GroupHistoryStatus.SET_RESOLVED_IN_COMMIT,
  [ActivityType.SET_RESOLVED_IN_RELEASE]: GroupHistoryStatus.SET_RESOLVED_IN_RELEASE,
  [ActivityType.SET_UNRESOLVED]: GroupHistoryStatus.UNRESOLVED,
  [ActivityType.AUTO_SET_ONGOING]: GroupHistoryStatus.UNRESOLVED,
  [ActivityType.SET_ESCALATING]: GroupHistoryStatus.ESCALATING,
  [ActivityType.SET_REGRESSION]: GroupHistoryStatus.REGRESSED,
};

/** History status an activity writes; the (new) substatus, when set, decides instead. */
export function historyStatusFor(activityType: number, substatus: number | null): number | null {
  const bySubstatus = substatus === null ? undefined : HISTORY_STATUS_BY_SUBSTATUS[substatus];
  return bySubstatus ?? HISTORY_STATUS_BY_ACTIVITY[activityType] ?? null;
}

/** What happened to a stored occurrence. */
export const OCCURRENCE_OUTCOMES = [
  "grouped",
  "noise_gated",
  "rate_limited",
  "feature_disabled",
  "category_mismatch",
  "hash_without_issue",
] as const;
export type OccurrenceOutcome = (typeof OCCURRENCE_OUTCOMES)[number];

/** What happened to a status change. */
export const STATUS_CHANGE_OUTCOMES = [
  "applied",
  "no_op",
  "group_not_found",
  "missing_substatus",
  "unexpected_substatus",
  "invalid_substatus",
  "unsupported_status",
] as const;
export type StatusChangeOutcome = (typeof STATUS_CHANGE_OUTCOMES)[number];
