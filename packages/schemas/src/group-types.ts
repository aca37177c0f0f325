import { GroupCategory, PriorityLevel } from "./enums.js";

export interface NoiseConfig {
  /** The n-th occurrence of a new fingerprint within `expirySeconds` creates the issue. */
  ignoreLimit: number;
  expirySeconds: number;
}

export interface Quota {
  windowSeconds: number;
  granularitySeconds: number;
  limit: number;
}

export interface GroupType {
  id: number;
  slug: string;
  description: string;
  category: number;
  noiseConfig: NoiseConfig | null;
  defaultPriority: number;
  released: boolean;
  /** New issues per project per window; null for none (errors, as Sentry's error pipeline has none). */
  creationQuota: Quota | null;
  enableAutoResolve: boolean;
  enableEscalationDetection: boolean;
}

const DAY = 24 * 60 * 60;
const DEFAULT_QUOTA: Quota = { windowSeconds: 3600, granularitySeconds: 60, limit: 5 };
const noise = (ignoreLimit: number): NoiseConfig => ({ ignoreLimit, expirySeconds: DAY });

type TypeSpec = Pick<GroupType, "id" | "slug" | "description" | "category"> & Partial<GroupType>;

const { ERROR, PERFORMANCE, CRON, REPLAY, FEEDBACK, UPTIME } = GroupCategory;
const { LOW, MEDIUM, HIGH } = PriorityLevel;
const perf = { category: PERFORMANCE, defaultPriority: LOW, noiseConfig: noise(3) };
const noResolve = { enableAutoResolve: false, enableEscalationDetection: false };

const SPECS: TypeSpec[] = [
  { id: 1, slug: "error", description: "Error", category: ERROR, released: true, creationQuota: null },
  {
    ...perf,
    id: 1001,
    slug: "performance_slow_db_query",
    description: "Slow DB Query",
    noiseConfig: noise(100),
    released: true,
  },
  {
    ...perf,
    id: 1004,
    slug: "performance_render_blocking_asset_span",
    description: "Large Render Blocking Asset",
    released: true,
  },
  { ...perf, id: 1006, slug: "performance_n_plus_one_db_queries", description: "N+1 Query", released: true },
  {
    ...perf,
    id: 1007,
    slug: "performance_consecutive_db_queries",
    description: "Consecutive DB Queries",
    noiseConfig: noise(15),
    released: true,
  },
  {
    ...perf,
    id: 1008,
    slug: "performance_file_io_main_thread",
    description: "File IO on Main Thread",
    released: true,
  },
  {
    ...perf,
    id: 1009,
    slug: "performance_consecutive_http",
    description: "Consecutive HTTP",
    noiseConfig: noise(5),
    released: true,
  },
  {
    ...perf,
    id: 1010,
    slug: "performance_n_plus_one_api_calls",
    description: "N+1 API Call",
    noiseConfig: null,
    released: true,
  },
  {
    ...perf,
    id: 1011,
    slug: "performance_m_n_plus_one_db_queries",
    description: "MN+1 Query",
    released: true,
  },
  {
    ...perf,
    id: 1012,
    slug: "performance_uncompressed_assets",
    description: "Uncompressed Asset",
    noiseConfig: noise(100),
    released: true,
  },
  { ...perf, id: 1013, slug: "performance_db_main_thread", description: "DB on Main Thread", released: true },
  {
    ...perf,
    id: 1015,
    slug: "performance_large_http_payload",
    description: "Large HTTP payload",
    released: true,
  },
  {
    ...perf,
    id: 1016,
    slug: "performance_http_overhead",
    description: "HTTP/1.1 Overhead",
    noiseConfig: noise(20),
  },
  {
    ...perf,
    id: 1017,
    slug: "performance_duration_regression",
    description: "Transaction Duration Regression (Experimental)",
    noiseConfig: null,
    ...noResolve,
  },
  {
    ...perf,
    id: 1018,
    slug: "performance_p95_endpoint_regression",
    description: "Endpoint Regression",
    noiseConfig: null,
    defaultPriority: MEDIUM,
    released: true,
    ...noResolve,
  },
  {
    ...perf,
    id: 1019,
    slug: "performance_streamed_spans_exp",
    description: "Streamed Spans (Experimental)",
    noiseConfig: null,
    ...noResolve,
  },
  {
    ...perf,
    id: 2001,
    slug: "profile_file_io_main_thread",
    description: "File I/O on Main Thread",
    noiseConfig: null,
  },
  {
    ...perf,
    id: 2002,
    slug: "profile_image_decode_main_thread",
    description: "Image Decoding on Main Thread",
    noiseConfig: null,
  },
  {
    ...perf,
    id: 2003,
    slug: "profile_json_decode_main_thread",
    description: "JSON Decoding on Main Thread",
    noiseConfig: null,
  },
  {
    ...perf,
    id: 2004,
    slug: "profile_core_data_main_exp",
    description: "Core Data on Main Thread",
    noiseConfig: null,
  },
  {
    ...perf,
    id: 2006,
    slug: "profile_view_is_slow_experimental",
    description: "View Render/Layout/Update is slow",
    noiseConfig: null,
  },
  {
    ...perf,
    id: 2007,
    slug: "profile_regex_main_thread",
    description: "Regex on Main Thread",
    noiseConfig: null,
    released: true,
  },
  {
    ...perf,
    id: 2008,
    slug: "profile_frame_drop_experimental",
    description: "Frame Drop",
    noiseConfig: null,
  },
  {
    ...perf,
    id: 2009,
    slug: "profile_frame_drop",
    description: "Frame Drop",
    noiseConfig: noise(2000),
    released: true,
  },
  {
    ...perf,
    id: 2010,
    slug: "profile_function_regression_exp",
    description: "Function Duration Regression (Experimental)",
    noiseConfig: null,
    enableAutoResolve: false,
  },
  {
    ...perf,
    id: 2011,
    slug: "profile_function_regression",
    description: "Function Regression",
    noiseConfig: null,
    defaultPriority: MEDIUM,
    released: true,
    enableAutoResolve: false,
  },
  {
    id: 4001,
    slug: "monitor_check_in_failure",
    description: "Crons Monitor Failed",
    category: CRON,
    defaultPriority: HIGH,
    released: true,
    creationQuota: { windowSeconds: 3600, granularitySeconds: 60, limit: 60_000 },
  },
  {
    id: 4002,
    slug: "monitor_check_in_failure",
    description: "Missed Check-in Detected",
    category: CRON,
    defaultPriority: HIGH,
    released: true,
    creationQuota: { windowSeconds: 3600, granularitySeconds: 60, limit: 60_000 },
  },
  {
    id: 4003,
    slug: "monitor_check_in_failure",
    description: "Monitor Check In Timeout",
    category: CRON,
    defaultPriority: HIGH,
    released: true,
    creationQuota: { windowSeconds: 3600, granularitySeconds: 60, limit: 60_000 },
  },
  { id: 5001, slug: "replay_click_dead", description: "Dead Click Detected", category: REPLAY },
  { id: 5002, slug: "replay_click_rage", description: "Rage Click Detected", category: REPLAY },
  { id: 5003, slug: "replay_hydration_error", description: "Hydration Error Detected", category: REPLAY },
  {
    id: 6001,
    slug: "feedback",
    description: "Feedback",
    category: FEEDBACK,
    creationQuota: { windowSeconds: 3600, granularitySeconds: 60, limit: 1000 },
  },
  {
    id: 7001,
    slug: "uptime_domain_failure",
    description: "Uptime Domain Monitor Failure",
    category: UPTIME,
    defaultPriority: HIGH,
    creationQuota: { windowSeconds: 3600, granularitySeconds: 60, limit: 1000 },
    ...noResolve,
  },
];

const VALID_CATEGORIES: readonly number[] = Object.values(GroupCategory);

export class GroupTypeRegistry {
  private readonly byId = new Map<number, GroupType>();
  private readonly bySlug = new Map<string, GroupType>();

  register(spec: TypeSpec): GroupType {
    if (this.byId.has(spec.id)) throw new Error(`A group type with the id ${spec.id} is already registered.`);
    if (!VALID_CATEGORIES.includes(spec.category)) {
      throw new Error(`Category must be one of [${VALID_CATEGORIES.join(", ")}] from GroupCategory.`);
    }
    const type: GroupType = {
      noiseConfig: null,
      defaultPriority: MEDIUM,
      released: false,
      creationQuota: DEFAULT_QUOTA,
      enableAutoResolve: true,
      enableEscalationDetection: true,
      ...spec,
    };
    this.byId.set(type.id, type);
    // The last registered type wins a slug (4001–4003 share one; 4003 is found).
    this.bySlug.set(type.slug, type);
    return type;
  }

  get(id: number): GroupType {
    const type = this.byId.get(id);
    if (!type) throw new Error(`No group type with the id ${id} is registered.`);
    return type;
  }

  find(id: number): GroupType | undefined {
    return this.byId.get(id);
  }

  findBySlug(slug: string): GroupType | undefined {
    return this.bySlug.get(slug);
  }

  idsInCategory(category: number): number[] {
    return [...this.byId.values()].filter((t) => t.category === category).map((t) => t.id);
  }

  all(): GroupType[] {
    return [...this.byId.values()];
  }
}

/** The org feature flag that lets an unreleased type be ingested: `{slug with _ → -}-ingest`. */
export function ingestFeatureFlag(type: GroupType): string {
  return `${type.slug.replaceAll("_", "-")}-ingest`;
}

/** The org feature flag that makes an unreleased type visible in search. */
export function visibleFeatureFlag(type: GroupType): string {
  return `${type.slug.replaceAll("_", "-")}-visible`;
}

export function createDefaultRegistry(): GroupTypeRegistry {
  const registry = new GroupTypeRegistry();
  for (const spec of SPECS) registry.register(spec);
  return registry;
}

/** The registry every part of Sift uses unless a test builds its own. */
export const groupTypes: GroupTypeRegistry = createDefaultRegistry();
