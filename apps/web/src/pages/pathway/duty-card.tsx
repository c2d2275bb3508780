import { useId, useRef } from 'react';
import { Disclosure } from './disclosure';
import { DmpWaiting } from './dmp-waiting';
import {
  AwaitedLine,
  CompteRenduNotDueLine,
  NeverReceivedLine,
  ReceivedLine,
} from './document-state';
import type { DocumentKind, DutyView, PathwayView } from './pathway-view';
import { DmpLine, MessageLine } from './sharing-state';
import { UploadForm } from './upload-form';
import { KIND_WORDS } from './wording';

function dutyOf(pathway: PathwayView, kind: DocumentKind): DutyView | null {
  return kind === 'bilan_initial' ? pathway.bilanInitial : pathway.compteRendu;
}

/** Whether the pathway takes this document now (the API's deposit rules, workflows/pathway-machine). */
function awaitsUpload(pathway: PathwayView, kind: DocumentKind): boolean {
  if (pathway.status !== 'active' || dutyOf(pathway, kind)?.document) return false;
  // A compte rendu sent during care also declares the end of care.
  return kind === 'bilan_initial'
    ? pathway.step === 'bilan_initial'
    : pathway.step === 'care' || pathway.step === 'compte_rendu';
}

/**
 * One of the two documents of the pathway: whether it is owed, received,
 * sent to the médecin traitant, filed in the DMP — in words and colours —
 * and, for the pathway's orthophoniste, the form to send it and what to do
 * when the DMP waits for them.
 */
export function DutyCard({
  pathway,
  kind,
  isOwner,
}: {
  pathway: PathwayView;
  kind: DocumentKind;
  /** The reader is the pathway's orthophoniste: the only one who acts on it. */
  isOwner: boolean;
}) {
  const headingId = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  const words = KIND_WORDS[kind];
  const duty = dutyOf(pathway, kind);
  const document = duty?.document ?? null;
  const message = document
    ? pathway.messages.filter((m) => m.documentId === document.id).at(-1)
    : undefined;
  const filing = document ? duty?.dmp : null;
  const waitingFor = filing?.status === 'waiting' ? filing.waitingFor : null;
  const active = pathway.status === 'active';

  // After a send the form goes away: the focus goes to the heading, whose state now reads « Reçu ».
  const focusHeading = () => window.setTimeout(() => heading.current?.focus(), 0);

  return (
    <section className="panel pathway-duty" aria-labelledby={headingId}>
      <h2 id={headingId} ref={heading} tabIndex={-1}>
        {words.title}
      </h2>
      {/* Polite: « Reçu », then « Envoyé », then « Classé » are read as the engine gets there. */}
      <ul className="pathway-states" aria-live="polite">
        {document ? (
          <ReceivedLine document={document} canOpen={!pathway.clinicalTextHidden} />
        ) : !duty ? (
          <CompteRenduNotDueLine pathway={pathway} />
        ) : active ? (
          <AwaitedLine duty={duty} />
        ) : (
          <NeverReceivedLine duty={duty} />
        )}
        {message ? <MessageLine message={message} canAct={isOwner && active} /> : null}
        {filing ? <DmpLine filing={filing} forYou={isOwner} /> : null}
      </ul>

      {isOwner && active && waitingFor ? (
        <DmpWaiting pathway={pathway} kind={kind} waitingFor={waitingFor} />
      ) : null}

      {isOwner && awaitsUpload(pathway, kind) ? (
        <UploadForm pathway={pathway} kind={kind} version="first" onSent={focusHeading} />
      ) : null}

      {isOwner && active && document ? (
        <Disclosure
          // Reopened when the DMP asks for a correction after it was closed.
          key={waitingFor === 'correction' ? 'correction' : 'optional'}
          label="Envoyer une version corrigée"
          initiallyOpen={waitingFor === 'correction'}
        >
          {(close) => (
            <UploadForm
              pathway={pathway}
              kind={kind}
              version="correction"
              currentTitle={pathway.clinicalTextHidden ? undefined : document.title}
              onSent={() => {
                close();
                focusHeading();
              }}
            />
          )}
        </Disclosure>
      ) : null}
    </section>
  );
}
