import { type Letter, frenchDate, renderLetter } from './html';
import {
  type LetterPatient,
  type LetterPractitioner,
  bornOn,
  insLine,
  patientName,
} from './people';

export type SharedDocumentKind = 'bilan_initial' | 'compte_rendu';

const DOCUMENT_LABEL: Record<SharedDocumentKind, string> = {
  bilan_initial: 'Bilan orthophonique initial',
  compte_rendu: 'Compte-rendu de fin de soins orthophoniques',
};

export interface DocumentLetterInput {
  documentKind: SharedDocumentKind;
  documentTitle: string;
  /** YYYY-MM-DD, the date written on the document. */
  documentDate: string;
  /** The readable attachment's file name, and whether an IHE_XDM.ZIP travels with it. */
  attachmentName: string;
  withXdm: boolean;
  patient: LetterPatient;
  practitioner: LetterPractitioner;
  /** "Dr Claire MARTIN". */
  recipientName: string;
  /** A corrected version of a document sent before. */
  correction?: boolean;
}

/**
 * The message that carries a bilan initial or a compte-rendu to the médecin
 * traitant: who, what, why (accès direct) in the first lines, so that a
 * physician knows in ten seconds what arrived and for whom. The subject
 * follows the ANS convention `XDM/1.0/DDM+<libellé> <NOM> <prénom> <date de
 * naissance>` (facts §3.4) that receiving software files by.
 */
export function documentLetter(input: DocumentLetterInput): Letter {
  const { patient, practitioner } = input;
  const label = DOCUMENT_LABEL[input.documentKind];
  const who = `${patientName(patient)}, ${bornOn(patient)} ${frenchDate(patient.birthDate)}`;
  const subject = `XDM/1.0/DDM+${input.correction ? `${label} (version corrigée)` : label} ${patientName(patient)} ${frenchDate(patient.birthDate)}`;
  const why =
    input.documentKind === 'bilan_initial'
      ? `Votre patient(e) ${who}, consulte en orthophonie en accès direct, sans prescription médicale (loi n° 2023-379 du 19 mai 2023). Voici son bilan orthophonique initial.`
      : `Les soins orthophoniques de votre patient(e) ${who}, engagés en accès direct (loi n° 2023-379 du 19 mai 2023), sont terminés. Voici le compte-rendu de fin de soins.`;
  return renderLetter(
    subject,
    `Bonjour ${input.recipientName},`,
    [
      {
        paragraph: input.correction ? `${why} Cette version corrigée remplace la précédente.` : why,
      },
      { label: 'Patient', value: who },
      { label: 'INS', value: insLine(patient) },
      {
        label: 'Document',
        value: `${label} « ${input.documentTitle} » du ${frenchDate(input.documentDate)}`,
      },
      { label: 'Orthophoniste', value: practitionerLine(practitioner) },
      {
        label: 'Pièces jointes',
        value: input.withXdm
          ? `${input.attachmentName} (à lire), IHE_XDM.ZIP (à intégrer dans votre logiciel)`
          : input.attachmentName,
      },
      { paragraph: 'Pour me répondre, répondez simplement à ce message.' },
    ],
    signature(practitioner),
  );
}

export function practitionerLine(practitioner: LetterPractitioner): string {
  const where = [practitioner.structureName, practitioner.cptsName].filter(Boolean).join(', ');
  return `${practitioner.name}, ${practitioner.profession.toLowerCase()} (RPPS ${practitioner.rpps})${where ? `, ${where}` : ''}`;
}

export function signature(practitioner: LetterPractitioner): string[] {
  return [
    practitioner.name,
    `${practitioner.profession}${practitioner.structureName ? `, ${practitioner.structureName}` : ''}`,
    practitioner.mssAddress,
  ];
}
