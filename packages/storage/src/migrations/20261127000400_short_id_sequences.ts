import type { Knex } from "knex";

/**
 * Short ids come from one sequence per project (`project_short_id_<id>`): allocation takes no row lock, so
 * concurrent batches never wait on each other, and a rolled-back batch leaves a gap (as Sentry's counter
 * does). Existing counters carry over.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    DO $$
    DECLARE r record;
    BEGIN
      FOR r IN SELECT p.id, coalesce(c.value, 0) AS value,
                      greatest(coalesce(c.value, 0), coalesce((SELECT max(short_id) FROM issues i WHERE i.project_id = p.id), 0)) AS top
                 FROM projects p LEFT JOIN project_counters c ON c.project_id = p.id
      LOOP
        EXECUTE format('CREATE SEQUENCE IF NOT EXISTS project_short_id_%s MINVALUE 1 START %s', r.id, r.top + 1);
      END LOOP;
    END $$;
    DROP TABLE project_counters;
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE project_counters (
      project_id bigint PRIMARY KEY REFERENCES projects(id) ON DELETE CASCADE,
      value bigint NOT NULL DEFAULT 0
    );
    INSERT INTO project_counters (project_id, value)
      SELECT p.id, coalesce((SELECT max(short_id) FROM issues i WHERE i.project_id = p.id), 0) FROM projects p;
    DO $$
    DECLARE r record;
    BEGIN
      FOR r IN SELECT id FROM projects LOOP
        EXECUTE format('DROP SEQUENCE IF EXISTS project_short_id_%s', r.id);
      END LOOP;
    END $$;
  `);
}
