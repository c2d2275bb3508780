import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useRef, useState, type FormEvent } from 'react';
import { api, ApiProblem, read } from '../../api/client';
import { formatDay } from '../../components/format';
import { TextArea, TextInput } from '../../components/ui';
import { ProblemBanner } from '../pathway/problem-banner';
import { frenchProblem, KIND_WORDS, problemAbout } from '../pathway/wording';
import {
  type AttachableDocument,
  conversationKey,
  END_TAG,
  endingSubject,
  MAX_DOCUMENTS,
  MAX_SUBJECT_LENGTH,
  MAX_TEXT_LENGTH,
  type PatientConversation,
  type WritePatientMessage,
} from './conversation-view';

interface Draft {
  subject: string;
  text: string;
  documentIds: string[];
}

const EMPTY: Draft = { subject: '', text: '', documentIds: [] };

type ClientErrors = Partial<Record<'subject' | 'text' | 'documentIds', string>>;

/** `documentIds[2]` → the id sent third: the API names the list's place, the page shows the document. */
function documentProblems(error: unknown, sent: readonly string[]): Map<string, string> {
  const found = new Map<string, string>();
  if (!(error instanceof ApiProblem)) return found;
  for (const p of error.problems) {
    const place = /^documentIds\[(\d+)\]/.exec(p.field);
    const id = place ? sent[Number(place[1])] : undefined;
    if (id) found.set(id, frenchProblem(p.problem) ?? p.problem);
  }
  return found;
}

/** A failed write's message for the banner, unless each of its problems shows at its field. */
function bannerOf(error: unknown): unknown {
  if (!(error instanceof ApiProblem) || error.problems.length === 0) return error;
  const atAField = error.problems.every((p) =>
    /^(subject|text|documentIds)(\[|\.|$)/.test(p.field),
  );
  return atAField ? null : error;
}

/**
 * A message to the patient's Mon espace santé: subject, text, and documents
 * of the pathway to attach — one masked from the patient in the DMP cannot
 * be (the API refuses it; the page says so before). « Envoyer et terminer »
 * puts `[FIN]` in the subject, which ends the conversation: the patient can
 * no longer answer it. Checked here first, the API's refusals shown at their
 * field.
 */
export function MessageForm({
  pathwayId,
  conversation,
}: {
  pathwayId: string;
  conversation: PatientConversation;
}) {
  const headingId = useId();
  const documentsId = useId();
  const client = useQueryClient();
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [errors, setErrors] = useState<ClientErrors>({});
  const [sent, setSent] = useState<{ ends: boolean } | null>(null);
  /** The ids as sent, to read the API's `documentIds[i]` against. */
  const lastSent = useRef<string[]>([]);

  const write = useMutation({
    mutationFn: (body: WritePatientMessage) =>
      read<PatientConversation>(
        api.POST('/pathways/{id}/patient-conversation/messages', {
          params: { path: { id: pathwayId } },
          body,
        }),
      ),
    onSuccess: (answer, body) => {
      client.setQueryData(conversationKey(pathwayId), answer);
      setDraft(EMPTY);
      setSent({ ends: body.subject.includes(END_TAG) });
    },
  });

  const blocked = conversation.cannotWrite !== null;
  const busy = write.isPending;
  const disabled = blocked || busy;

  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => {
    setDraft((d) => ({ ...d, [key]: value }));
    setSent(null);
  };

  function toggle(documentId: string, checked: boolean) {
    set(
      'documentIds',
      checked
        ? [...draft.documentIds, documentId]
        : draft.documentIds.filter((id) => id !== documentId),
    );
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (disabled) return;
    const form = event.currentTarget;
    const submitter = (event.nativeEvent as SubmitEvent).submitter;
    const ends = submitter?.getAttribute('value') === 'end';
    const found: ClientErrors = {};
    if (!draft.subject.trim()) found.subject = 'Indiquez l’objet du message.';
    if (!draft.text.trim()) found.text = 'Écrivez votre message.';
    if (draft.documentIds.length > MAX_DOCUMENTS) {
      found.documentIds = `Joignez ${MAX_DOCUMENTS} documents au plus.`;
    }
    setErrors(found);
    if (Object.values(found).some(Boolean)) {
      // The first field at fault gets the focus: its message is read with it.
      window.setTimeout(() => form.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
      return;
    }
    lastSent.current = draft.documentIds;
    write.mutate({
      subject: ends ? endingSubject(draft.subject) : draft.subject.trim(),
      text: draft.text,
      ...(draft.documentIds.length > 0 ? { documentIds: draft.documentIds } : {}),
    });
  }

  const byDocument = documentProblems(write.error, lastSent.current);
  const documentsError = errors.documentIds ?? problemAbout(write.error, 'documentIds');

  return (
    <section className="panel" aria-labelledby={headingId}>
      <h2 id={headingId}>Nouveau message</h2>
      <form className="conversation-form" noValidate aria-labelledby={headingId} onSubmit={submit}>
        <TextInput
          label="Objet"
          required
          maxLength={MAX_SUBJECT_LENGTH}
          value={draft.subject}
          disabled={disabled}
          hint={`${END_TAG} dans l’objet termine la conversation.`}
          error={errors.subject ?? problemAbout(write.error, 'subject')}
          onChange={(event) => set('subject', event.target.value)}
        />
        <TextArea
          label="Message"
          required
          rows={8}
          maxLength={MAX_TEXT_LENGTH}
          value={draft.text}
          disabled={disabled}
          className="conversation-textarea"
          hint="Le patient le lit dans sa messagerie Mon espace santé. N’y mettez que ce qu’il doit savoir."
          error={errors.text ?? problemAbout(write.error, 'text')}
          onChange={(event) => set('text', event.target.value)}
        />
        <fieldset
          className={documentsError ? 'field--error' : undefined}
          aria-describedby={documentsError ? `${documentsId}-error` : undefined}
        >
          <legend>Documents du parcours à joindre (facultatif)</legend>
          {conversation.attachable.length === 0 ? (
            <p className="hint">Aucun document n’a encore été reçu sur ce parcours.</p>
          ) : (
            conversation.attachable.map((document) => (
              <DocumentChoice
                key={document.documentId}
                document={document}
                checked={draft.documentIds.includes(document.documentId)}
                disabled={disabled}
                error={byDocument.get(document.documentId)}
                onChange={(checked) => toggle(document.documentId, checked)}
              />
            ))
          )}
          {documentsError ? (
            <p id={`${documentsId}-error`} className="field-error" role="alert">
              {documentsError}
            </p>
          ) : null}
        </fieldset>
        <ProblemBanner error={bannerOf(write.error)} />
        {sent ? (
          <p className="banner banner--success" role="status">
            {sent.ends
              ? 'Message enregistré : il part vers la messagerie du patient, et la conversation est terminée.'
              : 'Message enregistré : il part vers la messagerie du patient. Sa réponse s’affichera ici.'}
          </p>
        ) : null}
        <div className="actions">
          <button
            type="submit"
            name="send"
            value="send"
            className="button button--primary"
            disabled={disabled}
          >
            Envoyer
          </button>
          <button
            type="submit"
            name="send"
            value="end"
            className="button"
            disabled={disabled}
            aria-describedby={`${headingId}-end`}
          >
            Envoyer et terminer la conversation
          </button>
        </div>
        <p id={`${headingId}-end`} className="hint">
          Terminer : le patient ne pourra plus répondre à cette conversation. Un nouveau message la
          rouvre.
        </p>
      </form>
    </section>
  );
}

function DocumentChoice({
  document,
  checked,
  disabled,
  error,
  onChange,
}: {
  document: AttachableDocument;
  checked: boolean;
  disabled: boolean;
  error: string | undefined;
  onChange: (checked: boolean) => void;
}) {
  const id = useId();
  const hidden = document.hiddenFromPatient;
  const describedBy = [hidden ? `${id}-hint` : '', error ? `${id}-error` : '']
    .filter(Boolean)
    .join(' ');
  return (
    <div className="choice">
      <input
        type="checkbox"
        id={id}
        checked={checked && !hidden}
        // Masked from the patient in the DMP: never sent to their mailbox.
        disabled={disabled || hidden}
        {...(describedBy ? { 'aria-describedby': describedBy } : {})}
        {...(error ? { 'aria-invalid': true } : {})}
        onChange={(event) => onChange(event.target.checked)}
      />
      <div>
        <label htmlFor={id}>
          {KIND_WORDS[document.kind].title} : « {document.title} », daté du{' '}
          {formatDay(document.documentDate)}
          {document.versionNumber > 1 ? ` (version ${document.versionNumber})` : ''}
        </label>
        {hidden ? (
          <span id={`${id}-hint`} className="hint pathway-choice-hint">
            Masqué au patient dans son DMP : il ne peut pas lui être envoyé.
          </span>
        ) : null}
        {error ? (
          <p id={`${id}-error`} className="field-error" role="alert">
            {error}
          </p>
        ) : null}
      </div>
    </div>
  );
}
