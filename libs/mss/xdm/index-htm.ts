import type { DocumentEntryMetadata, DocumentSubmission } from '@app/dmp';
import { crlf, escapeHtml, frenchBirthDate, parisDateTime } from './text';

/**
 * INDEX.HTM, the package's human-readable table of contents (ITI TF-1 §16,
 * XDM): who the document is about, who wrote it, what it is, and links to
 * README.TXT and to the document. Every value from the input is escaped.
 */
export interface IndexHtmInput {
  submission: DocumentSubmission;
  /** The DocumentEntry as written in METADATA.XML: its display names are the value sets'. */
  entry: DocumentEntryMetadata;
  /** Paths inside the package. */
  readmePath: string;
  documentPath: string;
  metadataPath: string;
  software: { name: string; version: string };
}

const SEX: Record<DocumentSubmission['patient']['sex'], string> = {
  F: 'Féminin',
  M: 'Masculin',
  U: 'Inconnu',
};

const row = (label: string, value: string | undefined): string[] =>
  value === undefined || value === ''
    ? []
    : [`<tr><th scope="row">${escapeHtml(label)}</th><td>${escapeHtml(value)}</td></tr>`];

const table = (rows: string[]): string[] => ['<table>', ...rows, '</table>'];

function visibility(submission: DocumentSubmission): string | undefined {
  const { visibility } = submission;
  const notes = [
    visibility.hiddenFromPatient ? 'non visible par le patient' : undefined,
    visibility.hiddenFromProfessionals ? 'masqué aux professionnels de santé' : undefined,
    visibility.hiddenFromLegalRepresentatives
      ? 'non visible par les représentants légaux'
      : undefined,
  ].filter((note): note is string => note !== undefined);
  return notes.length ? notes.join(', ') : undefined;
}

export function indexHtm(input: IndexHtmInput): string {
  const { submission, entry } = input;
  const { patient, author } = submission;
  const title = submission.title;
  const specialty = entry.authors[0]?.authorSpecialty[0]?.split('^')[1];
  const type = entry.typeCode;
  const link = (path: string, label: string): string =>
    `<li><a href="${escapeHtml(path)}">${escapeHtml(label)}</a></li>`;
  return crlf([
    '<!DOCTYPE html>',
    '<html lang="fr">',
    '<head>',
    '<meta charset="utf-8">',
    `<title>${escapeHtml(`Document de santé : ${title}`)}</title>`,
    '</head>',
    '<body>',
    `<h1>${escapeHtml(title)}</h1>`,
    '<p>Archive IHE XDM transmise par messagerie sécurisée de santé (MSSanté).</p>',
    '<h2>Patient</h2>',
    ...table([
      ...row('Nom de naissance', patient.birthFamilyName),
      ...row(
        'Nom utilisé',
        patient.usedFamilyName !== patient.birthFamilyName ? patient.usedFamilyName : undefined,
      ),
      ...row('Prénoms', patient.firstNames.join(' ')),
      ...row('Date de naissance', frenchBirthDate(patient.birthDate)),
      ...row('Sexe', SEX[patient.sex]),
      ...row('INS (matricule)', patient.ins.matricule),
    ]),
    '<h2>Auteur</h2>',
    ...table([
      ...row('Nom', `${author.givenNames} ${author.familyName}`),
      ...row('Profession', specialty),
      ...row('RPPS', author.rpps),
      ...row('Structure', author.structure.name),
    ]),
    '<h2>Document</h2>',
    ...table([
      ...row('Titre', title),
      ...row('Type', type ? `${type.displayName} (${type.code})` : undefined),
      ...row('Date', parisDateTime(submission.creationTime)),
      ...row('Commentaire', submission.comment),
      ...row('Visibilité', visibility(submission)),
      ...row('Identifiant', submission.uniqueId),
    ]),
    '<h2>Contenu de l’archive</h2>',
    '<ul>',
    link(input.documentPath, `Document CDA : ${title}`),
    link(input.metadataPath, 'Métadonnées XDS (METADATA.XML)'),
    link(input.readmePath, `Logiciel émetteur (README.TXT) : ${input.software.name}`),
    '</ul>',
    '</body>',
    '</html>',
  ]);
}
