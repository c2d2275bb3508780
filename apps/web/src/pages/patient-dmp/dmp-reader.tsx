import { useQuery } from '@tanstack/react-query';
import { api, read } from '../../api/client';
import { formatBytes } from '../../components/format';
import { Loading } from '../../components/ui';
import { DmpProblem } from './dmp-problem';
import { dmpDocumentKey, MEDIA_WORDS, type PatientDmpDocument } from './dmp-view';

/**
 * One DMP document opened: a text is shown here, line breaks as written; a
 * PDF (or any other format) opens from its link, in a new tab, as its author
 * filed it. The CDA (the DMP's own envelope) is offered as it came.
 */
export function DmpReader({ pathwayId, uniqueId }: { pathwayId: string; uniqueId: string }) {
  const opened = useQuery({
    queryKey: dmpDocumentKey(pathwayId, uniqueId),
    queryFn: () =>
      read<PatientDmpDocument>(
        api.GET('/pathways/{id}/dmp/documents/{uniqueId}', {
          params: { path: { id: pathwayId, uniqueId } },
        }),
      ),
    // A document filed does not change (a new version is another document).
    staleTime: Infinity,
    refetchOnWindowFocus: false,
  });
  if (opened.isPending) return <Loading what="Lecture du document dans le DMP" />;
  if (!opened.data) {
    return (
      <>
        <DmpProblem error={opened.error} />
        <button type="button" className="button" onClick={() => void opened.refetch()}>
          Réessayer
        </button>
      </>
    );
  }
  const { content } = opened.data;
  const format = MEDIA_WORDS[content.mediaType] ?? content.mediaType;
  return (
    <div className="dmp-reader">
      {content.text !== null ? (
        // A text/plain body has CRLF line ends (MIME's canonical form): a CR would show as a space.
        <pre className="dmp-text">{content.text.replace(/\r\n?/g, '\n')}</pre>
      ) : (
        <p>
          <a href={content.href} target="_blank" rel="noopener noreferrer">
            Ouvrir le document ({format}, {formatBytes(content.sizeBytes)})
            <span className="visually-hidden"> (nouvel onglet)</span>
          </a>
        </p>
      )}
      <p className="hint">
        <a href={content.cdaHref} download>
          Télécharger le document tel que le DMP le conserve (CDA, XML)
        </a>
      </p>
    </div>
  );
}
