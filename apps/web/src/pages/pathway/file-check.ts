import { formatBytes } from '../../components/format';
// The very rules the API applies (a pure module of the domain library, no Node code): the browser
// refuses exactly what the server would, before a byte is sent.
import {
  DOCUMENT_FORMATS,
  MAX_DOCUMENT_BYTES,
  detectDocumentFormat,
  type DocumentFormat,
} from '../../../../../libs/domain/document-format';

export {
  MAX_DOCUMENT_BYTES,
  MAX_DOCUMENT_COMMENT_LENGTH,
  MAX_DOCUMENT_TITLE_LENGTH,
} from '../../../../../libs/domain/document-format';
import { MAX_WRITTEN_DOCUMENT_LENGTH } from '../../../../../libs/domain/written-document';

export { MAX_WRITTEN_DOCUMENT_LENGTH };

/** What the API would refuse in a text typed online, in the page's words (or undefined). */
export function writtenTextProblem(text: string): string | undefined {
  if (!text.trim()) return 'Rédigez le texte du document, ou joignez un fichier.';
  // Line breaks count once, as the API counts them.
  const length = [...text.replace(/\r\n/g, '\n')].length;
  if (length > MAX_WRITTEN_DOCUMENT_LENGTH) {
    return `Le texte fait ${length.toLocaleString('fr-FR')} caractères, plus que les ${MAX_WRITTEN_DOCUMENT_LENGTH.toLocaleString('fr-FR')} permis : joignez-le plutôt en fichier.`;
  }
  return undefined;
}

/** For the file picker: it shows these files first (it does not forbid the others). */
export const ACCEPT = [
  ...DOCUMENT_FORMATS.flatMap((f) => f.extensions.map((e) => `.${e}`)),
  ...DOCUMENT_FORMATS.map((f) => f.mediaType),
].join(',');

export const ACCEPTED_WORDS = 'PDF, JPEG, texte (.txt), RTF, GIF ou TIFF';

const FORMAT_WORDS: Readonly<Record<DocumentFormat['format'], string>> = {
  pdf: 'un PDF',
  jpeg: 'une image JPEG',
  txt: 'un texte brut',
  rtf: 'un document RTF',
  gif: 'une image GIF',
  tiff: 'une image TIFF',
};

/**
 * Types a browser may report for an accepted file besides the canonical one
 * (older or system-specific names; Windows with Word installed calls .rtf
 * "application/msword"). An empty type (unknown to the system) is left to the
 * content check.
 */
const MEDIA_TYPE_ALIASES: readonly string[] = [
  'application/octet-stream',
  'application/x-pdf',
  'image/jpg',
  'image/pjpeg',
  'application/rtf',
  'application/x-rtf',
  'text/richtext',
  'application/msword',
  'image/tif',
  'image/x-tiff',
];

function extensionOf(name: string): string | undefined {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : undefined;
}

const TOO_BIG = (size: number) =>
  `Le fichier dépasse 5 Mo (il fait ${formatBytes(size)}), la limite du DMP : réduisez-le (par exemple en PDF compressé) puis choisissez-le à nouveau.`;

const NOT_ACCEPTED = `Enregistrez le document dans un format que le DMP accepte : ${ACCEPTED_WORDS}.`;

/**
 * Why this file cannot be sent as a bilan or a compte rendu (French, shown
 * next to the file field), or undefined when it can: size first, then the
 * name's extension and the browser's type, then the content itself, which
 * must agree with the name (a renamed .docx is not a PDF).
 */
export async function fileProblem(file: File): Promise<string | undefined> {
  if (file.size === 0) return 'Le fichier est vide : choisissez le document à envoyer.';
  if (file.size > MAX_DOCUMENT_BYTES) return TOO_BIG(file.size);
  const extension = extensionOf(file.name);
  if (extension !== undefined && !DOCUMENT_FORMATS.some((f) => f.extensions.includes(extension))) {
    return `Format non accepté : les fichiers « .${extension} » ne peuvent pas être classés dans le DMP. ${NOT_ACCEPTED}`;
  }
  const type = file.type.toLowerCase();
  if (
    type &&
    !DOCUMENT_FORMATS.some((f) => f.mediaType === type) &&
    !MEDIA_TYPE_ALIASES.includes(type)
  ) {
    return `Format non accepté : ce fichier est de type « ${file.type} ». ${NOT_ACCEPTED}`;
  }
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await file.arrayBuffer());
  } catch {
    return 'Le fichier ne peut pas être lu : choisissez-le à nouveau.';
  }
  const format = detectDocumentFormat(bytes);
  if (!format) {
    return `Format non accepté : le contenu du fichier n’est ni un PDF, ni une image JPEG, GIF ou TIFF, ni un texte, ni un RTF. ${NOT_ACCEPTED}`;
  }
  if (extension !== undefined && !format.extensions.includes(extension)) {
    return `Format non accepté : le contenu du fichier est ${FORMAT_WORDS[format.format]} mais son nom se termine par « .${extension} ». Renommez-le en « .${format.extensions[0]} » ou enregistrez-le dans le bon format.`;
  }
  return undefined;
}
