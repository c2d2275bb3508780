import { useId, useRef, useState, type FormEvent } from 'react';
import { api, read, upload } from '../../api/client';
import type { paths } from '../../api/schema';
import { parisDay } from '../../components/format';
import { TextArea, TextInput } from '../../components/ui';
import { FileField } from './file-field';
import {
  MAX_DOCUMENT_COMMENT_LENGTH,
  MAX_DOCUMENT_TITLE_LENGTH,
  MAX_WRITTEN_DOCUMENT_LENGTH,
  fileProblem,
  writtenTextProblem,
} from './file-check';
import type { DocumentKind, PathwayView } from './pathway-view';
import { ProblemBanner } from './problem-banner';
import { usePathwayAction } from './use-pathway';
import { VisibilityChoice, type Visibility } from './visibility-choice';
import { KIND_WORDS, bannerError, problemAbout } from './wording';

/**
 * The upload routes, checked against the API's schema: a renamed route (or
 * multipart field, below) breaks the type check instead of the upload.
 */
const ROUTES = {
  first: {
    bilan_initial: '/pathways/{id}/bilan-initial',
    compte_rendu: '/pathways/{id}/compte-rendu',
  },
  correction: {
    bilan_initial: '/pathways/{id}/bilan-initial/versions',
    compte_rendu: '/pathways/{id}/compte-rendu/versions',
  },
} as const satisfies Record<'first' | 'correction', Record<DocumentKind, keyof paths>>;

/** The same, for a document written online (a JSON body with its text). */
const WRITTEN_ROUTES = {
  first: {
    bilan_initial: '/pathways/{id}/bilan-initial/written',
    compte_rendu: '/pathways/{id}/compte-rendu/written',
  },
  correction: {
    bilan_initial: '/pathways/{id}/bilan-initial/versions/written',
    compte_rendu: '/pathways/{id}/compte-rendu/versions/written',
  },
} as const satisfies Record<'first' | 'correction', Record<DocumentKind, keyof paths>>;

type UploadRoute = (typeof ROUTES)[keyof typeof ROUTES][DocumentKind];
type UploadFields = NonNullable<
  paths[UploadRoute]['post']['requestBody']
>['content']['multipart/form-data'];
type FieldName = Extract<keyof UploadFields, string>;

/** The fields the API may name in a refusal, shown next to their control. */
const FORM_FIELDS: readonly (FieldName | 'text')[] = [
  'file',
  'text',
  'title',
  'documentDate',
  'comment',
  'hiddenFromPatient',
  'hiddenFromProfessionals',
  'hiddenFromLegalRepresentatives',
];

const DEFAULT_TITLES: Readonly<Record<DocumentKind, string>> = {
  bilan_initial: 'Bilan orthophonique initial',
  compte_rendu: 'Compte rendu orthophonique de fin de soins',
};

/** Attach a file, or type the document here, as the DMP's own form offers. */
type Mode = 'file' | 'text';

interface Draft {
  mode: Mode;
  file: File | null;
  text: string;
  title: string;
  documentDate: string;
  comment: string;
  visibility: Visibility;
}

type ClientErrors = Partial<Record<'file' | 'text' | 'title' | 'documentDate', string>>;

type WrittenBody =
  paths[(typeof WRITTEN_ROUTES)['first'][DocumentKind]]['post']['requestBody'] extends
    { content: { 'application/json': infer B } } | undefined
    ? B
    : never;

function writtenBody(draft: Draft): WrittenBody {
  return {
    title: draft.title.trim(),
    documentDate: draft.documentDate,
    text: draft.text,
    ...(draft.comment.trim() ? { comment: draft.comment } : {}),
    ...(draft.visibility !== 'visible' ? { [draft.visibility]: true } : {}),
  };
}

/** What is sent: a multipart upload, or the written document as JSON. */
type Sending = { mode: 'file'; form: FormData } | { mode: 'text'; body: WrittenBody };

function formData(draft: Draft & { file: File }): FormData {
  const form = new FormData();
  const put = (name: FieldName, value: string) => form.append(name, value);
  put('title', draft.title.trim());
  put('documentDate', draft.documentDate);
  if (draft.comment.trim()) put('comment', draft.comment);
  // One mask at most (see visibility-choice.tsx); the others default to false.
  if (draft.visibility !== 'visible') put(draft.visibility, 'true');
  const fileField: FieldName = 'file';
  form.append(fileField, draft.file, draft.file.name);
  return form;
}

/**
 * Sends the bilan initial or the compte rendu (or a corrected version of
 * one): a file attached, or the document typed here ("rédiger en ligne", as
 * on the DMP's web form; it is filed as text and mailed with a PDF of it).
 * The file or the text is checked in the browser first — format and size, as
 * the DMP takes them — and a refusal is shown next to its field with nothing
 * sent.
 */
export function UploadForm({
  pathway,
  kind,
  version,
  currentTitle,
  onSent,
}: {
  pathway: PathwayView;
  kind: DocumentKind;
  version: 'first' | 'correction';
  currentTitle?: string;
  onSent?: () => void;
}) {
  const words = KIND_WORDS[kind];
  const today = parisDay();
  // Sending the compte rendu during care declares the end of care on its date: not before the opening.
  const endsCare = kind === 'compte_rendu' && pathway.step === 'care' && version === 'first';
  const openedOn = parisDay(new Date(pathway.openedAt));
  const [draft, setDraft] = useState<Draft>({
    mode: 'file',
    file: null,
    text: '',
    title: currentTitle ?? DEFAULT_TITLES[kind],
    documentDate: today,
    comment: '',
    visibility: 'visible',
  });
  const [errors, setErrors] = useState<ClientErrors>({});
  const [progress, setProgress] = useState(0);
  const progressId = useId();
  /** The file last found acceptable, and the file last chosen (checks are asynchronous). */
  const checked = useRef<File | null>(null);
  const latest = useRef<File | null>(null);

  const modeId = useId();
  const path = ROUTES[version][kind].replace('{id}', encodeURIComponent(pathway.id));
  const send = usePathwayAction(
    pathway.id,
    (sending: Sending) =>
      sending.mode === 'file'
        ? upload<PathwayView>(path, sending.form, setProgress)
        : read<PathwayView>(
            api.POST(WRITTEN_ROUTES[version][kind], {
              params: { path: { id: pathway.id } },
              body: sending.body,
            }),
          ),
    onSent,
  );
  const busy = send.isPending;

  const set = <K extends keyof Draft>(key: K, value: Draft[K]) =>
    setDraft((d) => ({ ...d, [key]: value }));

  async function chooseFile(file: File | null, problem?: string) {
    set('file', file);
    send.reset();
    checked.current = null;
    latest.current = file;
    if (!file) {
      setErrors((e) => ({ ...e, file: problem }));
      return;
    }
    // Said at once, not at submit: the user can pick another file straight away.
    const refusal = await fileProblem(file);
    if (latest.current !== file) return; // another file was chosen meanwhile
    setErrors((e) => ({ ...e, file: refusal }));
    if (!refusal) checked.current = file;
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    // Read now: React clears currentTarget once the handler has returned (before the await ends).
    const form = event.currentTarget;
    if (busy) return;
    const found: ClientErrors = {};
    if (draft.mode === 'text') found.text = writtenTextProblem(draft.text);
    else if (!draft.file) found.file = 'Choisissez le document à envoyer.';
    else if (checked.current !== draft.file) found.file = await fileProblem(draft.file);
    if (!draft.title.trim()) found.title = 'Indiquez le titre du document.';
    if (!/^\d{4}-\d{2}-\d{2}$/.test(draft.documentDate)) {
      found.documentDate = 'Indiquez la date écrite sur le document.';
    } else if (draft.documentDate > today) {
      found.documentDate = 'La date du document ne peut pas être dans le futur.';
    } else if (endsCare && draft.documentDate < openedOn) {
      found.documentDate = 'La fin des soins ne peut pas précéder l’ouverture du parcours.';
    }
    setErrors(found);
    if (Object.values(found).some(Boolean) || (draft.mode === 'file' && !draft.file)) {
      // The first field at fault gets the focus: its message is read with it.
      window.setTimeout(() => form.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
      return;
    }
    setProgress(0);
    if (draft.mode === 'text') {
      send.mutate({ mode: 'text', body: writtenBody(draft) });
      return;
    }
    const file = draft.file as File;
    checked.current = file;
    send.mutate({ mode: 'file', form: formData({ ...draft, file }) });
  }

  const server = (field: FieldName | 'text') => problemAbout(send.error, field);
  const textLength = [...draft.text].length;
  const label =
    version === 'first' ? `Envoyer ${words.the}` : `Envoyer la version corrigée ${words.of}`;

  return (
    <form
      className="pathway-upload"
      noValidate
      aria-label={version === 'first' ? `Envoi ${words.of}` : `Version corrigée ${words.of}`}
      onSubmit={(event) => void submit(event)}
    >
      {version === 'correction' ? (
        <p className="hint">
          La version corrigée remplace le document reçu, pour le médecin traitant comme dans le DMP
          (sans doublon).
        </p>
      ) : null}
      <fieldset className="mode-choice">
        <legend>Contenu du document</legend>
        {(
          [
            ['file', 'Joindre un fichier'],
            ['text', 'Rédiger le document (texte libre)'],
          ] as const
        ).map(([value, words]) => (
          <div className="choice" key={value}>
            <input
              type="radio"
              id={`${modeId}-${value}`}
              name={`${modeId}-mode`}
              value={value}
              checked={draft.mode === value}
              disabled={busy}
              onChange={() => {
                set('mode', value);
                send.reset();
                setErrors({});
              }}
            />
            <label htmlFor={`${modeId}-${value}`}>{words}</label>
          </div>
        ))}
      </fieldset>
      {draft.mode === 'file' ? (
        <FileField
          file={draft.file}
          error={errors.file ?? server('file')}
          disabled={busy}
          onFile={(file, problem) => void chooseFile(file, problem)}
        />
      ) : (
        <TextArea
          label="Texte du document"
          required
          rows={14}
          className="written-text"
          value={draft.text}
          disabled={busy}
          hint={
            <>
              Versé tel quel dans le DMP ; le médecin traitant le reçoit aussi en PDF.{' '}
              <span aria-live="polite">
                {textLength.toLocaleString('fr-FR')} /{' '}
                {MAX_WRITTEN_DOCUMENT_LENGTH.toLocaleString('fr-FR')} caractères
              </span>
            </>
          }
          error={errors.text ?? server('text')}
          onChange={(event) => set('text', event.target.value)}
        />
      )}
      <TextInput
        label="Titre"
        required
        maxLength={MAX_DOCUMENT_TITLE_LENGTH}
        value={draft.title}
        disabled={busy}
        error={errors.title ?? server('title')}
        onChange={(event) => set('title', event.target.value)}
      />
      <TextInput
        label="Date du document"
        type="date"
        required
        max={today}
        min={endsCare ? openedOn : undefined}
        value={draft.documentDate}
        disabled={busy}
        hint={
          endsCare
            ? 'Envoyer le compte rendu déclare aussi la fin des soins, à cette date.'
            : undefined
        }
        error={errors.documentDate ?? server('documentDate')}
        onChange={(event) => set('documentDate', event.target.value)}
      />
      <TextArea
        label="Commentaire"
        maxLength={MAX_DOCUMENT_COMMENT_LENGTH}
        value={draft.comment}
        disabled={busy}
        hint={
          <>
            Facultatif.{' '}
            <span aria-live="polite">
              {draft.comment.length} / {MAX_DOCUMENT_COMMENT_LENGTH} caractères
            </span>
          </>
        }
        error={server('comment')}
        onChange={(event) => set('comment', event.target.value)}
      />
      <VisibilityChoice
        value={draft.visibility}
        disabled={busy}
        error={
          server('hiddenFromPatient') ??
          server('hiddenFromProfessionals') ??
          server('hiddenFromLegalRepresentatives')
        }
        onChange={(visibility) => set('visibility', visibility)}
      />
      {busy && draft.mode === 'file' ? (
        <div className="pathway-progress">
          <label htmlFor={progressId}>Progression de l’envoi</label>
          <progress id={progressId} max={1} value={progress}>
            {Math.round(progress * 100)} %
          </progress>
          <span aria-hidden="true">{Math.round(progress * 100)} %</span>
          {/* Two messages, not one per percent: a screen reader is not flooded. */}
          <span role="status">
            {progress < 1 ? 'Envoi en cours…' : 'Fichier envoyé, enregistrement en cours…'}
          </span>
        </div>
      ) : null}
      <ProblemBanner error={bannerError(send.error, FORM_FIELDS)} />
      <div className="actions">
        <button type="submit" className="button button--primary" disabled={busy}>
          {label}
        </button>
      </div>
    </form>
  );
}
