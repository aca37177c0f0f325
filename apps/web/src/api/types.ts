// The shapes of Sift's (Sentry's) API answers the UI reads: only the fields it uses.

export type StatsSeries = [number, number][];

export interface Actor {
  type: "user" | "team";
  id: string;
  name: string;
  email?: string;
}

export interface Issue {
  id: string;
  shortId: string;
  title: string;
  culprit: string;
  level: string;
  status: string;
  substatus: string | null;
  statusDetails: Record<string, unknown>;
  project: { id: string; slug: string; name: string };
  type: string;
  issueType: string;
  issueCategory: string;
  metadata: Record<string, unknown>;
  assignedTo: Actor | null;
  isBookmarked: boolean;
  isSubscribed: boolean;
  hasSeen: boolean;
  priority: "low" | "medium" | "high" | null;
  count: string;
  userCount: number;
  firstSeen: string | null;
  lastSeen: string | null;
  numComments: number;
  stats?: Record<string, StatsSeries>;
  inbox?: { reason: number } | null;
}

export interface ReleaseSummary {
  version: string;
  shortVersion: string;
  dateCreated: string | null;
}

export interface IssueDetails extends Issue {
  stats: { "24h": StatsSeries; "30d": StatsSeries };
  activity: Activity[];
  firstRelease: ReleaseSummary | null;
  lastRelease: ReleaseSummary | null;
}

export interface Activity {
  id: string;
  type: string;
  data: Record<string, unknown>;
  dateCreated: string | null;
  user?: { name?: string; email?: string } | null;
}

export interface EvidenceRow {
  name: string;
  value: string;
  important: boolean;
}

export interface IssueEvent {
  id: string;
  eventID: string;
  groupID: string;
  title: string;
  message: string;
  culprit: string | null;
  platform: string | null;
  dateCreated: string | null;
  tags: { key: string; value: string }[];
  user: Record<string, unknown> | null;
  release: { version: string } | null;
  environment: string | null;
  contexts: unknown;
  entries: unknown[];
  occurrence?: { evidenceDisplay: unknown; evidenceData: unknown; fingerprint: string[] } | null;
  previousEventID?: string | null;
  nextEventID?: string | null;
}

export interface TagValue {
  value: string | null;
  name?: string | null;
  count: number;
  lastSeen?: string | null;
}

export interface TagKey {
  key: string;
  name: string;
  totalValues: number;
  uniqueValues?: number;
  topValues: TagValue[];
}

export interface IssueHash {
  id: string;
  latestEvent: { eventID: string; title?: string; dateCreated?: string | null } | null;
}

export interface Project {
  id: string;
  slug: string;
  name: string;
}

export interface Organization {
  id: string;
  slug: string;
  name: string;
}
