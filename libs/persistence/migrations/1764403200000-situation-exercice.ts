import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The practitioners' situations of exercise (issue 5): each declaration is
 * kept (a new period is a new row, never an edit), the newest one is the
 * current one. And whether a CPTS's projet de santé provides for accès
 * direct: false until its coordinator says so, since a CPTS only opens accès
 * direct to its adherents when it does (facts §6.1).
 */
export class SituationExercice1764403200000 implements MigrationInterface {
  name = 'SituationExercice1764403200000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(
      `ALTER TABLE cpts ADD COLUMN projet_de_sante_acces_direct boolean NOT NULL DEFAULT false`,
    );
    await db.query(`
      CREATE TABLE practitioner_situations (
        id uuid PRIMARY KEY,
        practitioner_id uuid NOT NULL REFERENCES practitioners (id),
        structure_kind text NOT NULL CHECK (structure_kind IN
          ('cabinet', 'msp', 'esp', 'centre_de_sante', 'etablissement_de_sante', 'essms')),
        structure_name text NOT NULL,
        structure_id_nat text,
        cadre text NOT NULL,
        salarie boolean NOT NULL,
        cpts_id uuid REFERENCES cpts (id),
        period_from varchar(10) NOT NULL,
        period_to varchar(10) NOT NULL CHECK (period_to >= period_from),
        declared_at timestamptz NOT NULL DEFAULT now(),
        declared_by text NOT NULL
      )`);
    await db.query(
      `CREATE INDEX practitioner_situations_current ON practitioner_situations (practitioner_id, declared_at DESC)`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE practitioner_situations`);
    await db.query(`ALTER TABLE cpts DROP COLUMN projet_de_sante_acces_direct`);
  }
}
