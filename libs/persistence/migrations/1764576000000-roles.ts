import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Who coordinates which CPTS (issue 5). PSC says who a professional is, not
 * what they do for a CPTS: the engine keeps that itself, granted by an
 * administrator. Removing a role deletes its row; the grant and the removal
 * stay in the audit log (`cpts:<id>`). And whether a CPTS lets its
 * coordinators open the clinical documents of its pathways: no until it says so.
 */
export class Roles1764576000000 implements MigrationInterface {
  name = 'Roles1764576000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE cpts_coordinators (
        cpts_id uuid NOT NULL REFERENCES cpts (id),
        id_nat_ps text NOT NULL CHECK (id_nat_ps ~ '^[0-9A-Za-z]{1,20}$'),
        granted_at timestamptz NOT NULL DEFAULT now(),
        granted_by text NOT NULL,
        PRIMARY KEY (cpts_id, id_nat_ps)
      )`);
    await db.query(`CREATE INDEX cpts_coordinators_by_person ON cpts_coordinators (id_nat_ps)`);
    await db.query(
      `ALTER TABLE cpts ADD COLUMN coordinators_read_documents boolean NOT NULL DEFAULT false`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE cpts DROP COLUMN coordinators_read_documents`);
    await db.query(`DROP TABLE cpts_coordinators`);
  }
}
