import { type Letter, frenchDate, renderLetter } from './html';
import { practitionerLine, signature } from './document-letter';
import {
  type LetterPatient,
  type LetterPractitioner,
  bornOn,
  insLine,
  patientName,
} from './people';

export interface ReferralLetterInput {
  patient: LetterPatient;
  practitioner: LetterPractitioner;
  recipientName: string;
  /** The physician the patient is referred to. */
  physician: { name: string; specialty?: string };
  reason: string;
  /** YYYY-MM-DD. */
  referredOn: string;
}

/**
 * Tells the médecin traitant that the orthophoniste referred their patient to
 * a physician: in accès direct the médecin traitant stays the one who
 * coordinates care, so they hear of it the day it happens.
 */
export function referralLetter(input: ReferralLetterInput): Letter {
  const { patient, practitioner, physician } = input;
  const who = `${patientName(patient)}, ${bornOn(patient)} ${frenchDate(patient.birthDate)}`;
  const to = physician.specialty ? `${physician.name} (${physician.specialty})` : physician.name;
  return renderLetter(
    `Orientation de votre patient(e) ${patientName(patient)} ${frenchDate(patient.birthDate)}`,
    `Bonjour ${input.recipientName},`,
    [
      {
        paragraph: `Je suis votre patient(e) ${who} en orthophonie en accès direct (loi n° 2023-379 du 19 mai 2023). Le ${frenchDate(input.referredOn)}, je l'ai orienté(e) vers ${to}.`,
      },
      { label: 'Patient', value: who },
      { label: 'INS', value: insLine(patient) },
      { label: 'Orienté(e) vers', value: to },
      { label: 'Motif', value: input.reason },
      { label: 'Orthophoniste', value: practitionerLine(practitioner) },
      { paragraph: 'Pour me répondre, répondez simplement à ce message.' },
    ],
    signature(practitioner),
  );
}
