import { type Letter, frenchDate, renderLetter } from './html';

export interface DmpAlertLetterInput {
  recipientName: string;
  /** The pathway's reference (its id): like every notice, the letter does not name the patient. */
  pathwayRef: string;
  /** What the DMP says of the new document: never its content. */
  typeLabel: string | null;
  /** YYYY-MM-DD. */
  documentDate: string | null;
  author: string | null;
  link?: string;
}

/**
 * "A new document is in your patient's DMP": the type, date and author of a
 * document another professional filed, so that the practitioner opens it in
 * the engine (or the Web PS) if it matters for the care. Never the content,
 * never the patient's identity: the pathway's reference is enough to the one
 * who follows it.
 */
export function dmpAlertLetter(input: DmpAlertLetterInput): Letter {
  return renderLetter(
    `Nouveau document dans le DMP : parcours ${input.pathwayRef}`,
    `Bonjour ${input.recipientName},`,
    [
      {
        paragraph: 'Un document a été ajouté au DMP d’un patient que vous suivez en accès direct.',
      },
      { label: 'Parcours', value: input.pathwayRef },
      { label: 'Type de document', value: input.typeLabel ?? 'non précisé' },
      {
        label: 'Date du document',
        value: input.documentDate ? frenchDate(input.documentDate) : 'non précisée',
      },
      { label: 'Auteur', value: input.author ?? 'non précisé' },
      ...(input.link ? [{ label: 'Lien', value: input.link }] : []),
      {
        paragraph:
          'Vous pouvez le consulter depuis le parcours, page « DMP du patient », tant que son autorisation est en cours.',
      },
    ],
    ['Le moteur accès direct de votre CPTS'],
  );
}
