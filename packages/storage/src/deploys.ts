import { getOrCreateEnvironments } from "./environments.js";
import type { Conn } from "./sql.js";

/** `deploys`: a release deployed to an environment (Sentry's Deploy). */

export interface Deploy {
  id: number;
  releaseId: number;
  environment: string;
  name: string | null;
  url: string | null;
  dateStarted: Date | null;
  dateFinished: Date;
}

export type DeployInput = Omit<Deploy, "id"> & { organizationId: number };

interface DeployRow {
  id: number | string;
  release_id: number | string;
  environment: string;
  name: string | null;
  url: string | null;
  date_started: Date | null;
  date_finished: Date;
}

const toDeploy = (r: DeployRow): Deploy => ({
  id: Number(r.id),
  releaseId: Number(r.release_id),
  environment: r.environment,
  name: r.name,
  url: r.url,
  dateStarted: r.date_started,
  dateFinished: r.date_finished,
});

const DEPLOY_COLUMNS = [
  "d.id",
  "d.release_id",
  "e.name as environment",
  "d.name",
  "d.url",
  "d.date_started",
  "d.date_finished",
];

/** Records a deploy, creating its environment in the organization when it is new. */
export async function createDeploy(trx: Conn, input: DeployInput): Promise<Deploy> {
  const environments = await getOrCreateEnvironments(trx, [
    { organizationId: input.organizationId, name: input.environment },
  ]);
  const [row] = await trx("deploys")
    .insert({
      organization_id: input.organizationId,
      release_id: input.releaseId,
      environment_id: environments.get(`${input.organizationId}:${input.environment}`)!,
      name: input.name,
      url: input.url,
      date_started: input.dateStarted,
      date_finished: input.dateFinished,
    })
    .returning<{ id: number | string }[]>("id");
  return {
    id: Number(row!.id),
    releaseId: input.releaseId,
    environment: input.environment,
    name: input.name,
    url: input.url,
    dateStarted: input.dateStarted,
    dateFinished: input.dateFinished,
  };
}

/** A release's deploys, the latest finished first (ties by id). */
export async function listDeploys(db: Conn, releaseId: number): Promise<Deploy[]> {
  const rows = await db({ d: "deploys" })
    .join({ e: "environments" }, "e.id", "d.environment_id")
    .where("d.release_id", releaseId)
    .orderBy([
      { column: "d.date_finished", order: "desc" },
      { column: "d.id", order: "desc" },
    ])
    .select<DeployRow[]>(DEPLOY_COLUMNS);
  return rows.map(toDeploy);
}

/** Per release: how many deploys it has and its latest one. */
export async function deploySummaries(
  db: Conn,
  releaseIds: readonly number[],
): Promise<Map<number, { count: number; last: Deploy }>> {
  const result = new Map<number, { count: number; last: Deploy }>();
  if (releaseIds.length === 0) return result;
  const rows = await db({ d: "deploys" })
    .join({ e: "environments" }, "e.id", "d.environment_id")
    .whereIn("d.release_id", [...releaseIds])
    .distinctOn("d.release_id")
    .orderBy([
      { column: "d.release_id" },
      { column: "d.date_finished", order: "desc" },
      { column: "d.id", order: "desc" },
    ])
    .select<(DeployRow & { n: number | string })[]>(
      ...DEPLOY_COLUMNS,
      db.raw("count(*) OVER (PARTITION BY d.release_id) AS n"),
    );
  for (const r of rows) result.set(Number(r.release_id), { count: Number(r.n), last: toDeploy(r) });
  return result;
}
