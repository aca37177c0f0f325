import { readFileSync } from "node:fs";
import { Redis } from "ioredis";
import type { Admin, Kafka } from "kafkajs";
import type { Knex } from "knex";
import {
  createApiToken,
  createOrganization,
  createProject,
  insertEvents,
  migrateToLatest,
} from "@sift/storage";
import type { TokenScope } from "@sift/schemas";
import { createTestDatabase, sleep, startApp } from "@sift/testkit";
import type { Daemon, StoredEventSeed, TestDatabase } from "@sift/testkit";
import { groupProgress, waitForRecovery, withAdmin } from "./kafka.js";
import type { ScenarioResult } from "./result.js";

/** What every scenario gets from the runner. */
export interface ChaosContext {
  /** Postgres server URL; each scenario gets its own database on it. */
  databaseUrl: string;
  redisUrl: string;
  /** The Redis database index the daemons use (flushed at the start of each scenario). */
  redisDb: number;
  brokers: string[];
  kafka: Kafka;
  admin: Admin;
  /** Run the apps from source through tsx instead of their build. */
  fromSource: boolean;
  seed: number;
  /** Keep a failed scenario's database for inspection. */
  keepFailed: boolean;
  log: (line: string) => void;
}

export function redisUrlFor(base: string, db: number): string {
  const url = new URL(base);
  url.pathname = `/${db}`;
  return url.toString();
}

/** A daemon of the rig: which app, and whether its end was asked for (anything else is a crash). */
export interface RigDaemon {
  name: string;
  daemon: Daemon;
  expectedExit: boolean;
}

/** A place in the consumer group: the daemon in it now, and its restart while one is under way. */
export interface DaemonSlot {
  current: RigDaemon | null;
  restarting: Promise<void> | null;
}

export interface KillOptions {
  /** Milliseconds between the kill and the restart. */
  restartAfterMs: number;
  /** The restarted daemon's extra environment. */
  env?: Record<string, string>;
  /** Gives up waiting for the group's recovery after this long. */
  timeoutMs: number;
  /** Logs a moment of the timeline. */
  mark: (what: string) => void;
  /** Said after the victim's name when it is killed (e.g. how much was produced). */
  note?: () => string;
}

/**
 * A scenario's timeline from now: `mark` logs a moment (seconds since `t0`, after the scenario's name)
 * and keeps it in `lines`, for the scenario's details.
 */
export function startTimeline(ctx: ChaosContext, scenario: string) {
  const t0 = Date.now();
  const lines: string[] = [];
  const mark = (what: string) => {
    const line = `${((Date.now() - t0) / 1000).toFixed(1)} s: ${what}`;
    lines.push(line);
    ctx.log(`${scenario}: ${line}`);
  };
  return { t0, lines, mark };
}

/** CPU seconds (user + system) a process has used so far, from /proc. */
export function cpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return Number.NaN;
  }
}

/**
 * One scenario's world: a fresh database, a flushed Redis database, its own topic, dead-letter topic and
 * consumer group, and the daemons it started. `destroy` stops the daemons and removes it all.
 */
export class Rig {
  readonly daemons: RigDaemon[] = [];
  readonly unexpectedExits: string[] = [];
  readonly topic: string;
  readonly dlqTopic: string;
  readonly groupId: string;
  readonly redisUrl: string;
  private counter = 0;

  private constructor(
    readonly ctx: ChaosContext,
    readonly name: string,
    private readonly database: TestDatabase,
    readonly partitions: number,
  ) {
    const id = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;
    this.topic = `chaos-${name}-${id}`;
    this.dlqTopic = `${this.topic}-dlq`;
    this.groupId = `chaos-${name}-${id}`;
    this.redisUrl = redisUrlFor(ctx.redisUrl, ctx.redisDb);
  }

  /**
   * Runs a scenario on a fresh rig and destroys it afterwards, keeping its database when the scenario
   * did not pass and the run asked for that (`keepFailed`).
   */
  static async run(
    ctx: ChaosContext,
    name: string,
    scenario: (rig: Rig) => Promise<ScenarioResult>,
    partitions = 8,
  ): Promise<ScenarioResult> {
    const rig = await Rig.create(ctx, name, partitions);
    let passed = false;
    try {
      const result = await scenario(rig);
      passed = result.status === "passed";
      return result;
    } finally {
      await rig.destroy(!passed && ctx.keepFailed);
    }
  }

  static async create(ctx: ChaosContext, name: string, partitions = 8): Promise<Rig> {
    const database = await createTestDatabase({
      databaseUrl: ctx.databaseUrl,
      prefix: `chaos_${name}`,
      migrate: async (db) => void (await migrateToLatest(db)),
    });
    const rig = new Rig(ctx, name, database, partitions);
    const redis = new Redis(rig.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
    try {
      await redis.connect();
      await redis.flushdb();
    } finally {
      redis.disconnect();
    }
    await withAdmin(ctx.admin, (a) =>
      a.createTopics({
        waitForLeaders: true,
        topics: [
          { topic: rig.topic, numPartitions: partitions, replicationFactor: 1 },
          { topic: rig.dlqTopic, numPartitions: partitions, replicationFactor: 1 },
        ],
      }),
    );
    return rig;
  }

  get db(): Knex {
    return this.database.db;
  }

  get databaseUrl(): string {
    return this.database.url;
  }

  /** An organization with projects (ids chosen, as on the wire) and tokens by scope set. */
  async organization(
    slug: string,
    projects: readonly { id: number; slug: string }[],
    tokens: Record<string, readonly TokenScope[]> = {},
  ): Promise<{ id: number; slug: string; tokens: Record<string, { token: string; id: number }> }> {
    const org = await createOrganization(this.db, slug);
    for (const p of projects)
      await createProject(this.db, { organizationId: org.id, slug: p.slug, id: p.id });
    const made: Record<string, { token: string; id: number }> = {};
    for (const [label, scopes] of Object.entries(tokens)) {
      const created = await createApiToken(this.db, {
        organizationId: org.id,
        scopes: [...scopes],
        name: label,
      });
      made[label] = { token: created.token, id: created.record.id };
    }
    return { id: org.id, slug: org.slug, tokens: made };
  }

  async storeEvents(events: readonly StoredEventSeed[]): Promise<void> {
    for (let i = 0; i < events.length; i += 1000) await insertEvents(this.db, events.slice(i, i + 1000));
  }

  ingestEnv(extra: Record<string, string> = {}): Record<string, string | undefined> {
    return {
      PATH: process.env.PATH,
      DATABASE_URL: this.databaseUrl,
      REDIS_URL: this.redisUrl,
      KAFKA_BROKERS: this.ctx.brokers.join(","),
      KAFKA_TOPIC_OCCURRENCES: this.topic,
      KAFKA_TOPIC_DLQ: this.dlqTopic,
      KAFKA_GROUP_ID: this.groupId,
      KAFKA_TOPIC_PARTITIONS: String(this.partitions),
      KAFKAJS_NO_PARTITIONER_WARNING: "1",
      LOG_LEVEL: "warn",
      SIFT_JOBS: "off",
      ...extra,
    };
  }

  /** Starts the ingest daemon (or the API) and waits for its /readyz. */
  async start(app: "ingest" | "api", extra: Record<string, string> = {}): Promise<RigDaemon> {
    const env =
      app === "ingest"
        ? this.ingestEnv(extra)
        : { PATH: process.env.PATH, DATABASE_URL: this.databaseUrl, LOG_LEVEL: "warn", ...extra };
    const daemon = await startApp(app, {
      env,
      portVar: app === "ingest" ? "INGEST_PORT" : "PORT",
      fromSource: this.ctx.fromSource,
    });
    const entry: RigDaemon = { name: `${app}-${++this.counter}`, daemon, expectedExit: false };
    this.daemons.push(entry);
    daemon.child.once("exit", (code, signal) => {
      if (!entry.expectedExit) {
        this.unexpectedExits.push(
          `${entry.name} exited by itself (code ${code}, signal ${signal}):\n${daemon.output().slice(-3000)}`,
        );
      }
    });
    return entry;
  }

  /** kill -9, and wait until the process is gone. */
  async kill(entry: RigDaemon): Promise<void> {
    entry.expectedExit = true;
    if (entry.daemon.child.exitCode !== null || entry.daemon.child.signalCode !== null) return;
    const gone = new Promise<void>((resolve) => entry.daemon.child.once("exit", () => resolve()));
    entry.daemon.child.kill("SIGKILL");
    await gone;
  }

  /** SIGTERM: the daemon finishes its batch, commits and leaves the group. */
  async stop(entry: RigDaemon): Promise<void> {
    entry.expectedExit = true;
    await entry.daemon.stop();
  }

  /**
   * kill -9 the slot's daemon once its restart (if any) is done, start a new one after
   * `restartAfterMs` in the background (`slot.restarting`), and wait until every partition has moved
   * past where it stood at the kill. Resolves with the seconds from the kill, or null after `timeoutMs`.
   */
  async killAndRestart(slot: DaemonSlot, options: KillOptions): Promise<number | null> {
    await slot.restarting;
    const target = slot.current!;
    const admin = this.ctx.admin;
    const before = await withAdmin(admin, (a) => groupProgress(a, this.groupId, this.topic));
    const killedAt = Date.now();
    await this.kill(target);
    options.mark(`kill -9 ${target.name}${options.note ? ` (${options.note()})` : ""}`);
    slot.restarting = sleep(options.restartAfterMs)
      .then(() => this.start("ingest", options.env))
      .then((d) => {
        slot.current = d;
        options.mark(`restarted as ${d.name}`);
      });
    const restarted = slot.restarting;
    const recovered = await waitForRecovery(
      admin,
      this.groupId,
      this.topic,
      before,
      killedAt,
      options.timeoutMs,
      async () => {
        await restarted;
        return true;
      },
    );
    options.mark(`every partition moved again ${recovered?.toFixed(1) ?? "—"} s after the kill`);
    return recovered;
  }

  alive(entry: RigDaemon): boolean {
    return entry.daemon.child.exitCode === null && entry.daemon.child.signalCode === null;
  }

  async destroy(keepDatabase = false): Promise<void> {
    for (const d of this.daemons) await this.stop(d).catch(() => undefined);
    // Best effort, and quick: a group that never committed does not exist.
    const cleanup = (fn: (a: Admin) => Promise<unknown>) =>
      withAdmin(this.ctx.admin, fn, 5_000).catch(() => undefined);
    await cleanup((a) => a.deleteTopics({ topics: [this.topic, this.dlqTopic] }));
    await cleanup((a) => a.deleteGroups([this.groupId]));
    if (keepDatabase) {
      await this.database.db.destroy();
      this.ctx.log(`kept database ${this.database.name} for inspection`);
    } else {
      await this.database.destroy();
    }
  }
}
