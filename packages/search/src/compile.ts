import type { ComparisonOperator } from "./ast.js";
import { compileEventMatches } from "./event-fields.js";
import type { AssigneeTarget, IssueCondition, UserTarget } from "./filters.js";
import type { HasKey } from "./keys.js";
import type { ReleaseMatch } from "./release-match.js";
import type { TextMatch } from "./text-match.js";
import { FALSE, TRUE, and, inList, not, or, sql, wrap } from "./sql.js";
import type { Sql } from "./sql.js";

/** What the conditions are evaluated for. The issue table is aliased `i`. */
export interface CompileContext {
  organizationId: number;
  /** The user searching; `me` and `my_teams` match nothing without one (e.g. an org token). */
  userId?: number | null;
  /**
   * The list's environment selection; changes what first_seen and first_release compare, and which
   * events event-field and tag filters look at.
   */
  environmentNames?: readonly string[];
  /** The list's date window: event-field and tag filters look at the events inside it. */
  window?: { start: Date; end: Date } | null;
}

const OPERATORS: ReadonlySet<ComparisonOperator> = new Set(["=", "!=", ">", ">=", "<", "<="]);

function operator(op: ComparisonOperator): string {
  // Operators come from the parser's closed set; checked again because they are written into SQL.
  if (!OPERATORS.has(op)) throw new Error(`Unsupported operator ${op}`);
  return op === "!=" ? "<>" : op;
}

/** Environments of the organization with these names, joined as `e` to `issue_environments ie`. */
function environmentScope(ctx: CompileContext, names: readonly string[]): Sql {
  return and([sql("e.organization_id = ?", ctx.organizationId), inList("e.name", names)]);
}

export function textMatches(column: string, matches: readonly TextMatch[]): Sql {
  const exact = matches.filter((m) => m.kind === "exact").map((m) => m.value);
  const like = matches.flatMap((m) => (m.kind === "like" ? [sql(`${column} LIKE ?`, m.pattern)] : []));
  return or([...(exact.length > 0 ? [inList(column, exact)] : []), ...like]);
}

/**
 * A release's semver order as a row: numbers, then a release after its pre-releases, then pre-releases
 * by text (`schemas`' compareParsedReleases without build metadata, as Sentry's semver filter).
 */
function semverComparison(m: Extract<ReleaseMatch, { kind: "semver" }>): Sql {
  const v = m.version;
  const compare = sql(
    `r.major IS NOT NULL AND (r.major, r.minor, r.patch, r.revision, (r.prerelease = '')::int, r.prerelease) ` +
      `${operator(m.operator)} (?, ?, ?, ?, ?, ?)`,
    v.major,
    v.minor,
    v.patch,
    v.revision,
    v.prerelease === "" ? 1 : 0,
    v.prerelease,
  );
  return v.package === null ? compare : and([compare, sql("r.package = ?", v.package)]);
}

/** Release ids of the organization matching versions (or `latest`). */
function releaseIds(ctx: CompileContext, matches: readonly ReleaseMatch[]): Sql {
  const text = matches.filter((m): m is TextMatch => m.kind === "exact" || m.kind === "like");
  const parts = text.length > 0 ? [textMatches("r.version", text)] : [];
  for (const m of matches) if (m.kind === "semver") parts.push(semverComparison(m));
  if (matches.some((m) => m.kind === "latest")) {
    parts.push(
      sql(
        "r.id = (SELECT lr.id FROM releases lr WHERE lr.organization_id = ? " +
          "ORDER BY coalesce(lr.date_released, lr.date_added) DESC, lr.id DESC LIMIT 1)",
        ctx.organizationId,
      ),
    );
  }
  return wrap(
    "SELECT r.id FROM releases r WHERE r.organization_id = ? AND (",
    or(parts),
    ")",
    ctx.organizationId,
  );
}

function inEnvironments(ctx: CompileContext, inner: Sql): Sql {
  const names = ctx.environmentNames ?? [];
  return wrap(
    "EXISTS (SELECT 1 FROM issue_environments ie JOIN environments e ON e.id = ie.environment_id " +
      "WHERE ie.issue_id = i.id AND ",
    and([environmentScope(ctx, names), inner]),
    ")",
  );
}

function assignee(ctx: CompileContext, target: AssigneeTarget): Sql {
  const userId = ctx.userId ?? null;
  switch (target.kind) {
    case "me":
      return userId === null ? FALSE : sql("i.assignee_user_id = ?", userId);
    case "my_teams":
      return userId === null
        ? FALSE
        : sql(
            "i.assignee_team_id IN (SELECT tm.team_id FROM team_members tm JOIN teams t ON t.id = tm.team_id " +
              "WHERE tm.user_id = ? AND t.organization_id = ?)",
            userId,
            ctx.organizationId,
          );
    case "none":
      return sql("i.assignee_user_id IS NULL AND i.assignee_team_id IS NULL");
    case "user_id":
      return sql("i.assignee_user_id = ?", target.id);
    case "team_id":
      return sql("i.assignee_team_id = ?", target.id);
    case "team_slug":
      return sql(
        "i.assignee_team_id IN (SELECT t.id FROM teams t WHERE t.organization_id = ? AND t.slug = ?)",
        ctx.organizationId,
        target.slug,
      );
    case "user":
      return sql(
        "i.assignee_user_id IN (SELECT u.id FROM users u JOIN organization_members m ON m.user_id = u.id " +
          "WHERE m.organization_id = ? AND (u.username = ? OR lower(u.email) = lower(?)))",
        ctx.organizationId,
        target.name,
        target.name,
      );
  }
}

const RELATION_TABLES = {
  bookmarked: { table: "issue_bookmarks", active: "" },
  subscribed: { table: "issue_subscriptions", active: " AND r.is_active" },
} as const;

/** Issues the targets bookmarked (or are subscribed to); `me` matches nothing without a user. */
function userRelation(
  ctx: CompileContext,
  relation: keyof typeof RELATION_TABLES,
  targets: readonly UserTarget[],
): Sql {
  const { table, active } = RELATION_TABLES[relation];
  const exists = `EXISTS (SELECT 1 FROM ${table} r WHERE r.issue_id = i.id${active} AND `;
  return or(
    targets.map((target) => {
      switch (target.kind) {
        case "me":
          return ctx.userId == null ? FALSE : sql(`${exists}r.user_id = ?)`, ctx.userId);
        case "user_id":
          return sql(`${exists}r.user_id = ?)`, target.id);
        case "user":
          return sql(
            `${exists}r.user_id IN (SELECT u.id FROM users u JOIN organization_members m ON m.user_id = u.id ` +
              "WHERE m.organization_id = ? AND (u.username = ? OR lower(u.email) = lower(?))))",
            ctx.organizationId,
            target.name,
            target.name,
          );
      }
    }),
  );
}

/** What `has:<key>` matches, per key. */
const HAS_PREDICATES: Readonly<Record<HasKey, string>> = {
  release: "EXISTS (SELECT 1 FROM issue_releases ir WHERE ir.issue_id = i.id)",
  environment: "EXISTS (SELECT 1 FROM issue_environments ie WHERE ie.issue_id = i.id)",
  first_release: "i.first_release_id IS NOT NULL",
  assigned_to: "(i.assignee_user_id IS NOT NULL OR i.assignee_team_id IS NOT NULL)",
  user: "i.user_count > 0",
  message: "i.message <> ''",
  "issue.priority": "i.priority IS NOT NULL",
};

/** Compiles converted search conditions to a parameterised predicate over `issues i`. */
export function compileCondition(condition: IssueCondition, ctx: CompileContext): Sql {
  const hasEnvironments = (ctx.environmentNames?.length ?? 0) > 0;
  switch (condition.type) {
    case "and":
      return and(condition.children.map((c) => compileCondition(c, ctx)));
    case "or":
      return or(condition.children.map((c) => compileCondition(c, ctx)));
    case "not":
      return not(compileCondition(condition.child, ctx));
    case "constant":
      return condition.value ? TRUE : FALSE;
    case "in":
      return inList(`i.${condition.column}`, condition.values);
    case "compare":
      return sql(`i.${condition.column} ${operator(condition.operator)} ?`, condition.value);
    case "first_seen": {
      const compare = (column: string): Sql =>
        and(condition.bounds.map((b) => sql(`${column} ${operator(b.operator)} ?`, b.value)));
      return hasEnvironments ? inEnvironments(ctx, compare("ie.first_seen")) : compare("i.first_seen");
    }
    case "event_date": {
      // Sift keeps no per-event index: an event after t exists iff last_seen >= t, before t iff
      // first_seen <= t; `=` asks for an event at t (within the issue's lifetime).
      const value = condition.value;
      switch (condition.operator) {
        case ">":
        case ">=":
          return sql(`i.last_seen ${condition.operator} ?`, value);
        case "<":
        case "<=":
          return sql(`i.first_seen ${condition.operator} ?`, value);
        case "=":
          return sql("i.first_seen <= ? AND i.last_seen >= ?", value, value);
        case "!=":
          return sql("NOT (i.first_seen = ? AND i.last_seen = ?)", value, value);
      }
      break;
    }
    case "text":
      return or(condition.patterns.map((p) => sql("(i.title ILIKE ? OR i.message ILIKE ?)", p, p)));
    case "assignee":
      return or(condition.targets.map((t) => assignee(ctx, t)));
    case "user_relation":
      return userRelation(ctx, condition.relation, condition.targets);
    case "unassigned":
      return sql("i.assignee_user_id IS NULL AND i.assignee_team_id IS NULL");
    case "for_review":
      return sql("EXISTS (SELECT 1 FROM issue_inbox fr WHERE fr.issue_id = i.id)");
    case "release":
      return wrap(
        "EXISTS (SELECT 1 FROM issue_releases ir WHERE ir.issue_id = i.id AND ir.release_id IN (",
        releaseIds(ctx, condition.matches),
        "))",
      );
    case "first_release": {
      const ids = releaseIds(ctx, condition.matches);
      return hasEnvironments
        ? inEnvironments(ctx, wrap("ie.first_release_id IN (", ids, ")"))
        : wrap("i.first_release_id IN (", ids, ")");
    }
    case "regressed_in_release":
      // issue_history status 7 = REGRESSED, written with the release the regression happened in.
      return wrap(
        "EXISTS (SELECT 1 FROM issue_history h WHERE h.issue_id = i.id AND h.status = 7 AND h.release_id IN (",
        releaseIds(ctx, condition.matches),
        "))",
      );
    case "environment":
      return wrap(
        "EXISTS (SELECT 1 FROM issue_environments ie JOIN environments e ON e.id = ie.environment_id " +
          "WHERE ie.issue_id = i.id AND e.organization_id = ? AND (",
        textMatches("e.name", condition.matches),
        "))",
        ctx.organizationId,
      );
    case "project":
      return wrap(
        "i.project_id IN (SELECT p.id FROM projects p WHERE p.organization_id = ? AND (",
        or([inList("p.id", condition.ids), inList("p.slug", condition.slugs)]),
        "))",
        ctx.organizationId,
      );
    case "short_id":
      return or([
        inList("i.id", condition.issueIds),
        ...condition.ids.map((s) =>
          sql(
            "i.short_id = ? AND i.project_id IN (SELECT p.id FROM projects p WHERE p.organization_id = ? AND p.slug = ?)",
            s.shortId,
            ctx.organizationId,
            s.projectSlug,
          ),
        ),
      ]);
    case "event":
      return compileEventMatches(condition.matches, ctx);
    case "has":
      return sql(HAS_PREDICATES[condition.key]);
  }
  throw new Error(`Unhandled condition ${JSON.stringify(condition)}`);
}
