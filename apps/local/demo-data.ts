import type { AddedDocument, DmpPatient, DocumentSeeding } from '@app/dmp';
import { seedOtherAuthorsDocuments } from '@app/dmp';
import { type SituationExercice, longestPeriod, parisDay } from '@app/domain';
import type { CoordinatorStore, Directory, SituationStore } from '@app/persistence';

/**
 * Demo data for a fresh `npm start`: one CPTS with a realistic policy, one with
 * delays in seconds (to watch reminders and escalation happen), two
 * orthophonistes and a few patients. Test identities only: INS on the test-NIR
 * OID 1.2.250.1.213.1.4.10, the first one from the ANS CDA example.
 */
export const DEMO = {
  cpts: {
    troisRivieres: 'c0a1c0de-0000-4000-8000-000000000001',
    acceleree: 'c0a1c0de-0000-4000-8000-000000000002',
  },
  practitioners: {
    camilleLeroy: 'c0a1c0de-0000-4000-8000-000000000101',
    hugoBernard: 'c0a1c0de-0000-4000-8000-000000000102',
  },
  /** Sophie GARNIER of the PSC sandbox: she coordinates both demo CPTS. */
  coordinatorRpps: '10000000901',
  patients: {
    dominiquePatTrois: 'c0a1c0de-0000-4000-8000-000000000201',
    leoMartin: 'c0a1c0de-0000-4000-8000-000000000202',
    ines: 'c0a1c0de-0000-4000-8000-000000000203',
    sansIns: 'c0a1c0de-0000-4000-8000-000000000204',
  },
} as const;

const TEST_NIR_OID = '1.2.250.1.213.1.4.10';

/** The demo patients with a qualified INS, as the DMP knows them (Maxime is identified by the demo). */
export const DEMO_DMP_PATIENTS: readonly [DmpPatient, DmpPatient, DmpPatient] = [
  {
    ins: { matricule: '279035121518989', oid: TEST_NIR_OID },
    birthFamilyName: 'PAT-TROIS',
    firstNames: ['DOMINIQUE', 'MARIE-LOUISE'],
    birthDate: '19790328',
    sex: 'F',
    birthPlaceCode: '51215',
  },
  {
    ins: { matricule: '119043306312359', oid: TEST_NIR_OID },
    birthFamilyName: 'MARTIN-TEST',
    firstNames: ['LEO', 'PAUL'],
    birthDate: '20190412',
    sex: 'M',
    birthPlaceCode: '33063',
  },
  {
    ins: { matricule: '215076912304581', oid: TEST_NIR_OID },
    birthFamilyName: 'DURAND-TEST',
    firstNames: ['INES'],
    usedFamilyName: 'PETIT-TEST',
    birthDate: '20150703',
    sex: 'F',
    birthPlaceCode: '69123',
  },
];

/** Maxime PAT-TROIS, whom the demo identifies from his mother's card: a DMP, no document yet. */
const MAXIME_MATRICULE = '116095145402797';

/** The demo's own MSSanté mailboxes (practitioners, coordinators), created in the operator sandbox. */
export const DEMO_MSS_MAILBOXES = [
  { address: 'camille.leroy@ortho-demo.mssante.fr', kind: 'PER', displayName: 'Camille LEROY' },
  { address: 'hugo.bernard@ortho-demo.mssante.fr', kind: 'PER', displayName: 'Hugo BERNARD' },
  {
    address: 'coordination@cpts-trois-rivieres.sandbox.mssante.fr',
    kind: 'ORG',
    displayName: 'Coordination CPTS Démo des Trois Rivières',
  },
  {
    address: 'coordination@cpts-acceleree.sandbox.mssante.fr',
    kind: 'ORG',
    displayName: 'Coordination CPTS Démo accélérée',
  },
  // Mon espace santé of the patients with a qualified INS: their practitioner may write to them.
  ...[...DEMO_DMP_PATIENTS.map((p) => p.ins.matricule), MAXIME_MATRICULE].map(
    (matricule) => ({ address: `${matricule}@patient.mssante.fr`, kind: 'PATIENT' }) as const,
  ),
] as const;

export async function seedDemoData(
  directory: Directory,
  situations: SituationStore,
  coordinators: CoordinatorStore,
): Promise<void> {
  await directory.saveCpts([
    {
      id: DEMO.cpts.troisRivieres,
      name: 'CPTS Démo des Trois Rivières',
      bilanInitialDueAfter: 'P30D',
      compteRenduDueAfter: 'P30D',
      reminderEvery: 'P7D',
      escalateAfterReminders: 2,
      coordinatorMssAddress: 'coordination@cpts-trois-rivieres.sandbox.mssante.fr',
      projetDeSanteAccesDirect: true,
    },
    {
      id: DEMO.cpts.acceleree,
      name: 'CPTS Démo — délais accélérés (secondes)',
      bilanInitialDueAfter: 'PT20S',
      compteRenduDueAfter: 'PT20S',
      reminderEvery: 'PT10S',
      escalateAfterReminders: 2,
      coordinatorMssAddress: 'coordination@cpts-acceleree.sandbox.mssante.fr',
      projetDeSanteAccesDirect: true,
    },
  ]);
  await directory.savePractitioners([
    {
      id: DEMO.practitioners.camilleLeroy,
      rpps: '10000000101',
      familyName: 'LEROY',
      givenNames: 'Camille',
      professionCode: '91',
      cptsId: DEMO.cpts.troisRivieres,
      mssAddress: 'camille.leroy@ortho-demo.mssante.fr',
      // A fictitious numéro AM (Marne): the number her accès-direct acts are billed under.
      billingNumber: '518123456',
      // A fictitious MSP, idNat_Struct "3" + SIRET.
      structureIdNat: '312345678900017',
      structureName: 'MSP Démo des Trois Rivières',
      facilityTypeCode: 'SA52',
      practiceSettingCode: 'AMBULATOIRE',
    },
    {
      id: DEMO.practitioners.hugoBernard,
      rpps: '10000000102',
      familyName: 'BERNARD',
      givenNames: 'Hugo',
      professionCode: '91',
      cptsId: DEMO.cpts.acceleree,
      mssAddress: 'hugo.bernard@ortho-demo.mssante.fr',
      // A fictitious numéro AM (Gironde).
      billingNumber: '338765432',
      // A fictitious cabinet, idNat_Struct "3" + SIRET.
      structureIdNat: '398765432100025',
      structureName: "Cabinet d'orthophonie Bernard",
      facilityTypeCode: 'SA07',
      practiceSettingCode: 'AMBULATOIRE',
    },
  ]);
  await declareDemoSituations(situations);
  // Sophie GARNIER, of the PSC sandbox, coordinates both CPTS.
  for (const cpts of [DEMO.cpts.troisRivieres, DEMO.cpts.acceleree]) {
    await coordinators.grant(cpts, `8${DEMO.coordinatorRpps}`, { kind: 'system', id: 'demo-data' });
  }
  await directory.savePatients([
    {
      id: DEMO.patients.dominiquePatTrois,
      insMatricule: '279035121518989',
      insOid: TEST_NIR_OID,
      identityStatus: 'QUAL',
      birthFamilyName: 'PAT-TROIS',
      firstNames: 'DOMINIQUE MARIE-LOUISE',
      usedFamilyName: null,
      birthDate: '1979-03-28',
      sex: 'F',
      birthPlaceCode: '51215',
    },
    {
      id: DEMO.patients.leoMartin,
      insMatricule: '119043306312359',
      insOid: TEST_NIR_OID,
      identityStatus: 'QUAL',
      birthFamilyName: 'MARTIN-TEST',
      firstNames: 'LEO PAUL',
      usedFamilyName: null,
      birthDate: '2019-04-12',
      sex: 'M',
      birthPlaceCode: '33063',
    },
    {
      id: DEMO.patients.ines,
      insMatricule: '215076912304581',
      insOid: TEST_NIR_OID,
      identityStatus: 'QUAL',
      birthFamilyName: 'DURAND-TEST',
      firstNames: 'INES',
      usedFamilyName: 'PETIT-TEST',
      birthDate: '2015-07-03',
      sex: 'F',
      birthPlaceCode: '69123',
    },
    {
      id: DEMO.patients.sansIns,
      insMatricule: null,
      insOid: null,
      identityStatus: 'PROV',
      birthFamilyName: 'PROVISOIRE-TEST',
      firstNames: 'NOAH',
      usedFamilyName: null,
      birthDate: '2017-11-30',
      sex: 'M',
      birthPlaceCode: null,
    },
  ]);
}

/**
 * The DMP sandbox's side of the demo: the patients with a qualified INS have a
 * DMP; Hugo BERNARD (the CPTS with delays in seconds, used by `npm run demo`)
 * was authorised by them last month; Camille LEROY has never been, so her
 * first filing asks for the patient's authorisation, as in real life. Their
 * DMPs already hold a few documents by other professionals (one masked from
 * professionals, one invisible to the patient), so that reading a DMP shows
 * something, and what the DMP hides is seen to be hidden.
 */
export async function seedDemoDmp(
  sandbox: DocumentSeeding & {
    registerPatient(
      ins: { matricule: string; oid: string },
      state?: { hasDmp?: boolean },
    ): Promise<void>;
    setAuthorization(
      ins: { matricule: string; oid: string },
      rpps: string,
      authorizedOn: string | null,
    ): Promise<void>;
  },
): Promise<AddedDocument[]> {
  const lastMonth = new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 10);
  for (const matricule of [...DEMO_DMP_PATIENTS.map((p) => p.ins.matricule), MAXIME_MATRICULE]) {
    const ins = { matricule, oid: TEST_NIR_OID };
    await sandbox.registerPatient(ins, { hasDmp: true });
    await sandbox.setAuthorization(ins, '10000000102', lastMonth);
  }
  return seedOtherAuthorsDocuments(sandbox, DEMO_DMP_PATIENTS);
}

/**
 * Camille LEROY practises in an MSP; Hugo BERNARD in a cabinet, as an
 * adherent of a CPTS whose projet de santé provides for accès direct. Declared
 * once, for the longest period from the first start: a later start keeps
 * what was declared (or renewed) since.
 */
async function declareDemoSituations(situations: SituationStore): Promise<void> {
  const period = longestPeriod(parisDay(Date.now()));
  const demo: [string, SituationExercice][] = [
    [
      DEMO.practitioners.camilleLeroy,
      {
        structure: { kind: 'msp', name: 'MSP Démo des Trois Rivières', idNat: '312345678900017' },
        cadre: 'ambulatoire',
        salarie: false,
        cptsId: DEMO.cpts.troisRivieres,
        period,
      },
    ],
    [
      DEMO.practitioners.hugoBernard,
      {
        structure: {
          kind: 'cabinet',
          name: "Cabinet d'orthophonie Bernard",
          idNat: '398765432100025',
        },
        cadre: 'ambulatoire',
        salarie: false,
        cptsId: DEMO.cpts.acceleree,
        period,
      },
    ],
  ];
  for (const [practitionerId, situation] of demo) {
    if (await situations.current(practitionerId)) continue;
    await situations.declare(practitionerId, situation, { kind: 'system', id: 'demo-data' });
  }
}
