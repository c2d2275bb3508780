import { createHash } from 'node:crypto';
import type { DmpAuthor, DmpPatient, DmpVisibility } from '../model';
import { NORMAL_VISIBILITY } from '../model';
import type { AddedDocument, OtherAuthorDocument } from './add-document';
import type { SandboxDocument, SandboxIns } from './options';

/**
 * Demo content of a patient's DMP beyond the engine's own filings: what other
 * professionals filed, so that reading the DMP and the alerts on new
 * documents have something to show. Invented professionals (RPPS in the
 * 100000005xx–6xx range no other sandbox uses, "-TEST" names, made-up
 * structures) and texts that say nothing of any real person.
 */

/** Professionals of the demo who are not users of the engine. */
export const OTHER_AUTHORS = {
  medecinGeneraliste: {
    rpps: '10000000501',
    familyName: 'FOURNIER-TEST',
    givenNames: 'Julien',
    specialtyCode: 'G15_10/SM54',
    professionCode: '10',
    structure: {
      idNatStruct: '355512345600018',
      name: 'Cabinet médical Démo du Parc',
      facilityTypeCode: 'SA07',
      practiceSettingCode: 'AMBULATOIRE',
    },
  },
  kinesitherapeute: {
    rpps: '10000000601',
    familyName: 'ROUSSEAU-TEST',
    givenNames: 'Emma',
    specialtyCode: 'G15_70',
    professionCode: '70',
    structure: {
      idNatStruct: '366698765400021',
      name: 'Cabinet de kinésithérapie Démo des Tilleuls',
      facilityTypeCode: 'SA08',
      practiceSettingCode: 'AMBULATOIRE',
    },
  },
} as const satisfies Record<string, DmpAuthor>;

const DAY_MS = 86_400_000;
const FICTITIOUS = 'Document fictif du bac à sable DMP : aucune donnée réelle.';

interface DemoDocument {
  /** Names the document among the patient's: its uniqueId is derived from it. */
  key: string;
  author: DmpAuthor;
  typeCode: string;
  title: string;
  comment?: string;
  text: string;
  daysAgo: number;
  visibility: DmpVisibility;
}

const DEMO_DOCUMENTS: readonly DemoDocument[] = [
  {
    key: 'consultation-mg',
    author: OTHER_AUTHORS.medecinGeneraliste,
    typeCode: '11488-4',
    title: 'Compte rendu de consultation',
    text: [
      'Consultation de médecine générale.',
      '',
      'Motif : suivi annuel, difficultés de prononciation signalées par l’entourage.',
      'Examen clinique sans particularité. Audition testée au cabinet : normale.',
      'Conduite à tenir : bilan orthophonique conseillé (accès direct possible).',
      'Prochain rendez-vous dans six mois.',
      '',
      FICTITIOUS,
    ].join('\n'),
    daysAgo: 20,
    visibility: NORMAL_VISIBILITY,
  },
  {
    key: 'bilan-kine',
    author: OTHER_AUTHORS.kinesitherapeute,
    typeCode: '47420-5',
    title: 'Bilan masso-kinésithérapique initial',
    comment: 'Masqué aux autres professionnels à la demande du patient.',
    text: [
      'Bilan masso-kinésithérapique initial.',
      '',
      'Douleurs cervicales posturales depuis trois mois, sans déficit neurologique.',
      'Amplitudes cervicales diminuées en rotation ; tonus musculaire conservé.',
      'Objectifs : antalgie, travail postural, auto-exercices.',
      'Dix séances prévues, à raison de deux par semaine.',
      '',
      FICTITIOUS,
    ].join('\n'),
    daysAgo: 12,
    // Only its author and the médecin traitant DMP see it: absent for anyone else.
    visibility: { ...NORMAL_VISIBILITY, hiddenFromProfessionals: true },
  },
  {
    key: 'courrier-mg',
    author: OTHER_AUTHORS.medecinGeneraliste,
    typeCode: '11488-4',
    title: 'Courrier de consultation — résultats à annoncer',
    comment: 'Non visible par le patient avant la consultation d’annonce.',
    text: [
      'Courrier de consultation.',
      '',
      'Les résultats des examens complémentaires sont arrivés ce jour.',
      'Ils seront expliqués au patient lors d’une consultation dédiée, déjà programmée.',
      'Pas de modification du traitement d’ici là.',
      '',
      FICTITIOUS,
    ].join('\n'),
    daysAgo: 5,
    // Visible to every authorised professional, held back from the patient.
    visibility: { ...NORMAL_VISIBILITY, hiddenFromPatient: true },
  },
];

/** What the seeding needs of the sandbox: DmpSandbox and SandboxAdmin both have it. */
export interface DocumentSeeding {
  addDocument(input: OtherAuthorDocument): Promise<AddedDocument>;
  documents(ins?: SandboxIns): Promise<SandboxDocument[]>;
}

/**
 * Adds to each patient's DMP three documents by other professionals: a
 * consultation report by a médecin généraliste, a kinésithérapie bilan
 * masked from professionals (MASQUE_PS), and a letter invisible to the
 * patient (INVISIBLE_PATIENT). Each has a uniqueId derived from the
 * patient's INS and the document, so a second run (every `npm start`)
 * finds them and adds nothing. The patients must have a DMP. Returns what
 * was added.
 */
export async function seedOtherAuthorsDocuments(
  sandbox: DocumentSeeding,
  patients: readonly DmpPatient[],
  now: Date = new Date(),
): Promise<AddedDocument[]> {
  const added: AddedDocument[] = [];
  for (const patient of patients) {
    const filed = new Set((await sandbox.documents(patient.ins)).map((d) => d.uniqueId));
    for (const input of demoDocumentsOf(patient, now)) {
      if (input.uniqueId && filed.has(input.uniqueId)) continue;
      added.push(await sandbox.addDocument(input));
    }
  }
  return added;
}

/** The demo documents of one patient, as addDocument takes them. */
export function demoDocumentsOf(
  patient: DmpPatient,
  now: Date = new Date(),
): OtherAuthorDocument[] {
  return DEMO_DOCUMENTS.map((document) => {
    const creationTime = new Date(now.getTime() - document.daysAgo * DAY_MS);
    return {
      patient,
      author: document.author,
      typeCode: document.typeCode,
      title: document.title,
      text: document.text,
      ...(document.comment !== undefined ? { comment: document.comment } : {}),
      creationTime,
      serviceStartTime: creationTime,
      visibility: document.visibility,
      uniqueId: nameBasedOid(`${patient.ins.oid}|${patient.ins.matricule}|${document.key}`),
    };
  });
}

/**
 * A 2.25 OID from a name-based UUID (RFC 4122 version 5 layout, SHA-1 of a
 * namespace of ours and the name): the same name always gives the same OID.
 */
export function nameBasedOid(name: string): string {
  const bytes = createHash('sha1')
    .update('acces-direct:dmp-sandbox:demo-documents|')
    .update(name)
    .digest()
    .subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x50;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  return `2.25.${BigInt(`0x${bytes.toString('hex')}`).toString()}`;
}
