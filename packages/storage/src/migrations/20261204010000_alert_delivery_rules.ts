import type { Knex } from "knex";

/**
 * A delivery names every rule it carries (`rule_ids`): the rules that fire together for one issue
 * share one message per target, as Sentry sends one legacy webhook, Slack message or e-mail listing
 * its `triggering_rules`. A rule's fire history is its `alert_rule_issues` rows (every decision,
 * whether or not an action had a target), newest first by `alert_rule_issues_fired`.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    ALTER TABLE alert_deliveries ADD COLUMN rule_ids bigint[] NOT NULL DEFAULT '{}';
    UPDATE alert_deliveries SET rule_ids = ARRAY[rule_id] WHERE rule_id IS NOT NULL;
    DROP INDEX alert_deliveries_rule;
    ALTER TABLE alert_deliveries DROP COLUMN rule_id;
    CREATE INDEX alert_rule_issues_fired ON alert_rule_issues (rule_id, last_fired DESC);
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    DROP INDEX alert_rule_issues_fired;
    ALTER TABLE alert_deliveries ADD COLUMN rule_id bigint REFERENCES alert_rules(id) ON DELETE SET NULL;
    UPDATE alert_deliveries SET rule_id = rule_ids[1]
     WHERE cardinality(rule_ids) > 0 AND EXISTS (SELECT 1 FROM alert_rules r WHERE r.id = rule_ids[1]);
    ALTER TABLE alert_deliveries DROP COLUMN rule_ids;
    CREATE INDEX alert_deliveries_rule ON alert_deliveries (rule_id, id DESC) WHERE rule_id IS NOT NULL;
  `);
}
