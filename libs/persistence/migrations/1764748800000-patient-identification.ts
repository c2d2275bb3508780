import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Patient identification (issue 5): where an identity was read from, the
 * high-trust document a practitioner checked (which, with an INS retrieved
 * from INSi, makes it qualified), and who identified the patient (an
 * orthophoniste sees the patients they identified, before any pathway).
 */
export class PatientIdentification1764748800000 implements MigrationInterface {
  name = 'PatientIdentification1764748800000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE patients
        ADD COLUMN identity_source text CHECK (identity_source IN ('vitale', 'apcv', 'saisie')),
        ADD COLUMN identity_document text,
        ADD COLUMN identity_document_checked_on varchar(10),
        ADD CONSTRAINT patients_document_check
          CHECK ((identity_document IS NULL) = (identity_document_checked_on IS NULL))`);
    await db.query(`CREATE INDEX patients_by_ins ON patients (ins_matricule)`);
    await db.query(`
      CREATE TABLE patient_identifiers (
        patient_id uuid NOT NULL REFERENCES patients (id),
        id_nat_ps text NOT NULL,
        first_identified_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (patient_id, id_nat_ps)
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE patient_identifiers`);
    await db.query(`DROP INDEX patients_by_ins`);
    await db.query(`
      ALTER TABLE patients
        DROP CONSTRAINT patients_document_check,
        DROP COLUMN identity_document_checked_on,
        DROP COLUMN identity_document,
        DROP COLUMN identity_source`);
  }
}
