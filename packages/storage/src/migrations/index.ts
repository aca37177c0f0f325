import type { Knex } from "knex";
import * as initial from "./20261127000000_initial.js";
import * as issueListIndexes from "./20261127000100_issue_list_indexes.js";
import * as retentionIndexes from "./20261127000300_retention_indexes.js";
import * as shortIdSequences from "./20261127000400_short_id_sequences.js";
import * as jsonBodies from "./20261127000500_json_bodies.js";
import * as eventSearchTerms from "./20261201000000_event_search_terms.js";
import * as issueEnvironmentsLastSeen from "./20261201000100_issue_environments_last_seen.js";
import * as issueTagValues from "./20261201120000_issue_tag_values.js";
import * as eventSearchTermsColumn from "./20261201130000_event_search_terms_column.js";
import * as occurrenceTimeline from "./20261202020000_occurrence_timeline.js";
import * as issueRecommendedScore from "./20261202020100_issue_recommended_score.js";
import * as releaseRefsAndDeploys from "./20261202030000_release_refs_and_deploys.js";
import * as projectKeys from "./20261202050000_project_keys.js";
import * as issueForecasts from "./20261202090000_issue_forecasts.js";
import * as releaseNewGroups from "./20261202090100_release_new_groups.js";
import * as userSignIn from "./20261202060000_user_sign_in.js";
import * as issueUserState from "./20261202060100_issue_user_state.js";
import * as alerts from "./20261202080000_alerts.js";
import * as memberAndTeamDates from "./20261203030000_member_and_team_dates.js";
import * as occurrencesXidGrouped from "./20261203050000_occurrences_xid_grouped.js";
import * as projectAllowedDomains from "./20261203060000_project_allowed_domains.js";
import * as alertDeliveryRules from "./20261204010000_alert_delivery_rules.js";
import * as alertDeliveryEvent from "./20261205010000_alert_delivery_event.js";
import * as alertRuleIssuesKeys from "./20261205020000_alert_rule_issues_keys.js";
import * as alertDeliveriesDueOrder from "./20261206010000_alert_deliveries_due_order.js";
import * as alertDeliveriesUuidUnindexed from "./20261207010000_alert_deliveries_uuid_unindexed.js";

/** Every migration, by name. Static imports work under vitest, tsx and bundles alike. */
const MIGRATIONS: Record<string, Knex.Migration> = {
  "20261127000000_initial": initial,
  "20261127000100_issue_list_indexes": issueListIndexes,
  "20261127000300_retention_indexes": retentionIndexes,
  "20261127000400_short_id_sequences": shortIdSequences,
  "20261127000500_json_bodies": jsonBodies,
  "20261201000000_event_search_terms": eventSearchTerms,
  "20261201000100_issue_environments_last_seen": issueEnvironmentsLastSeen,
  "20261201120000_issue_tag_values": issueTagValues,
  "20261201130000_event_search_terms_column": eventSearchTermsColumn,
  "20261202020000_occurrence_timeline": occurrenceTimeline,
  "20261202020100_issue_recommended_score": issueRecommendedScore,
  "20261202030000_release_refs_and_deploys": releaseRefsAndDeploys,
  "20261202050000_project_keys": projectKeys,
  "20261202090000_issue_forecasts": issueForecasts,
  "20261202090100_release_new_groups": releaseNewGroups,
  "20261202060000_user_sign_in": userSignIn,
  "20261202060100_issue_user_state": issueUserState,
  "20261202080000_alerts": alerts,
  "20261203030000_member_and_team_dates": memberAndTeamDates,
  "20261203050000_occurrences_xid_grouped": occurrencesXidGrouped,
  "20261203060000_project_allowed_domains": projectAllowedDomains,
  "20261204010000_alert_delivery_rules": alertDeliveryRules,
  "20261205010000_alert_delivery_event": alertDeliveryEvent,
  "20261205020000_alert_rule_issues_keys": alertRuleIssuesKeys,
  "20261206010000_alert_deliveries_due_order": alertDeliveriesDueOrder,
  "20261207010000_alert_deliveries_uuid_unindexed": alertDeliveriesUuidUnindexed,
};

export const migrationSource: Knex.MigrationSource<string> = {
  getMigrations: async () => Object.keys(MIGRATIONS).sort(),
  getMigrationName: (name) => name,
  getMigration: async (name) => {
    const migration = MIGRATIONS[name];
    if (!migration) throw new Error(`Unknown migration ${name}`);
    return migration;
  },
};
