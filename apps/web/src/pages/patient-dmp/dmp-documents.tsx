import { useId, useState } from 'react';
import { formatDateTime } from '../../components/format';
import { Badge } from '../../components/ui';
import { DmpReader } from './dmp-reader';
import { type DmpDocumentItem, statusWords } from './dmp-view';

/**
 * The documents the DMP shows this orthophoniste, newest first (the API's
 * order). What the DMP masks from them never reaches the engine, so it is not
 * here: the page says so rather than let an absence look like an error.
 */
export function DmpDocuments({
  pathwayId,
  documents,
}: {
  pathwayId: string;
  documents: DmpDocumentItem[];
}) {
  const headingId = useId();
  return (
    <section className="panel" aria-labelledby={headingId}>
      <h2 id={headingId}>Documents du DMP{documents.length > 0 ? ` (${documents.length})` : ''}</h2>
      <p className="hint">
        Du plus récent au plus ancien. Les documents que le DMP masque aux professionnels
        n’apparaissent pas. Chaque consultation est tracée dans le DMP.
      </p>
      {documents.length === 0 ? (
        <p className="muted">Aucun document ne vous est visible dans ce DMP.</p>
      ) : (
        <ol className="plain dmp-documents">
          {documents.map((document) => (
            <DmpDocumentCard key={document.uniqueId} pathwayId={pathwayId} document={document} />
          ))}
        </ol>
      )}
    </section>
  );
}

/** The masks and the origin of a document, in words (never colour alone). */
function Badges({ document }: { document: DmpDocumentItem }) {
  const badges: { tone: 'info' | 'waiting' | 'skipped'; words: string }[] = [
    ...(document.filedByEngine ? [{ tone: 'info' as const, words: 'Déposé par ce parcours' }] : []),
    ...(document.hiddenFromPatient
      ? [{ tone: 'waiting' as const, words: 'Masqué au patient' }]
      : []),
    ...(document.hiddenFromProfessionals
      ? [{ tone: 'waiting' as const, words: 'Masqué aux professionnels' }]
      : []),
    ...(document.hiddenFromLegalRepresentatives
      ? [{ tone: 'waiting' as const, words: 'Masqué aux représentants légaux' }]
      : []),
    ...(/Deprecated$/.test(document.status)
      ? [{ tone: 'skipped' as const, words: 'Version remplacée' }]
      : []),
  ];
  if (badges.length === 0) return null;
  return (
    <ul className="plain dmp-badges" aria-label="Particularités">
      {badges.map((badge) => (
        <li key={badge.words}>
          <Badge tone={badge.tone}>{badge.words}</Badge>
        </li>
      ))}
    </ul>
  );
}

function DmpDocumentCard({
  pathwayId,
  document,
}: {
  pathwayId: string;
  document: DmpDocumentItem;
}) {
  const [open, setOpen] = useState(false);
  const headingId = useId();
  const panelId = useId();
  const title = document.title ?? document.typeLabel ?? 'Document sans titre';
  return (
    <li className="dmp-document">
      <h3 id={headingId}>{title}</h3>
      <Badges document={document} />
      <dl className="dmp-facts">
        <div>
          <dt>Type</dt>
          <dd>{document.typeLabel ?? document.typeCode ?? 'non indiqué'}</dd>
        </div>
        <div>
          <dt>Date</dt>
          <dd>
            {document.date ? (
              <time dateTime={document.date}>{formatDateTime(document.date)}</time>
            ) : (
              'non indiquée'
            )}
          </dd>
        </div>
        <div>
          <dt>Auteur</dt>
          <dd>{document.author ?? 'non indiqué'}</dd>
        </div>
        <div>
          <dt>Statut</dt>
          <dd>{statusWords(document.status)}</dd>
        </div>
      </dl>
      <button
        type="button"
        className="button"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((o) => !o)}
      >
        {open ? 'Refermer le document' : 'Lire le document'}
        <span className="visually-hidden"> « {title} »</span>
      </button>
      <div id={panelId} hidden={!open}>
        {/* Asked for on opening only: each reading is a call to the DMP and a line of its audit. */}
        {open ? <DmpReader pathwayId={pathwayId} uniqueId={document.uniqueId} /> : null}
      </div>
    </li>
  );
}
