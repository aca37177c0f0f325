import type { Knex } from "knex";

/**
 * `alert_rule_issues` (a rule's firings per issue) is written by every decision, up to thousands of
 * rows per pass: its foreign keys made each row check and key-share-lock its issue and its rule, which
 * cost the firings' claim about two thirds of its time and dirtied the issues' pages the ingest
 * updates. Like the other high-volume per-issue tables it has no foreign keys: its rows go with their
 * issue's purge and merge, and rules are only ever marked deleted (their history stays readable).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    ALTER TABLE alert_rule_issues DROP CONSTRAINT IF EXISTS alert_rule_issues_issue_id_fkey;
    ALTER TABLE alert_rule_issues DROP CONSTRAINT IF EXISTS alert_rule_issues_rule_id_fkey;
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    DELETE FROM alert_rule_issues s WHERE NOT EXISTS (SELECT 1 FROM issues i WHERE i.id = s.issue_id)
       OR NOT EXISTS (SELECT 1 FROM alert_rules r WHERE r.id = s.rule_id);
    ALTER TABLE alert_rule_issues
      ADD CONSTRAINT alert_rule_issues_issue_id_fkey FOREIGN KEY (issue_id) REFERENCES issues(id) ON DELETE CASCADE,
      ADD CONSTRAINT alert_rule_issues_rule_id_fkey FOREIGN KEY (rule_id) REFERENCES alert_rules(id) ON DELETE CASCADE;
  `);
}
