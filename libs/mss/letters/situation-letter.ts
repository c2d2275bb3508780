import { type Letter, frenchDate, renderLetter } from './html';

export interface SituationLetterInput {
  /** "Camille LEROY". */
  recipientName: string;
  /** The structure of the declared situation ("MSP des Trois Rivières"). */
  structureName: string;
  /** YYYY-MM-DD: the last day of the declared period. */
  endsOn: string;
}

/**
 * The reminder a practitioner gets before their situation of exercise ends:
 * after that day accès direct is blocked until they declare it again. No
 * patient data: it is about the practitioner alone.
 */
export function situationLetter(input: SituationLetterInput): Letter {
  return renderLetter(
    `Accès direct : votre situation d'exercice prend fin le ${frenchDate(input.endsOn)}`,
    `Bonjour ${input.recipientName},`,
    [
      {
        paragraph:
          "La situation d'exercice que vous avez déclarée dans le moteur accès direct de votre CPTS arrive à échéance.",
      },
      { label: 'Structure', value: input.structureName },
      { label: 'Fin de la période', value: frenchDate(input.endsOn) },
      {
        paragraph:
          "Après cette date, vous ne pourrez plus ouvrir de parcours en accès direct tant que vous ne l'aurez pas renouvelée : déclarez-la de nouveau (pour trois ans au plus) à votre prochaine connexion.",
      },
    ],
    ['Le moteur accès direct de votre CPTS'],
  );
}
