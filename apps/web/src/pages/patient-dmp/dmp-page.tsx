import { useQuery } from '@tanstack/react-query';
import { useParams } from 'react-router';
import { api, read } from '../../api/client';
import { Loading } from '../../components/ui';
import { PathwaySubPage } from '../pathway/sub-page';
import { AuthorizationQuestion } from './authorization-question';
import { DmpAccessPanel } from './dmp-access';
import { DmpDocuments } from './dmp-documents';
import { DmpProblem, needsAuthorization, worthRetrying } from './dmp-problem';
import { dmpDocumentsKey, type PatientDmpDocuments } from './dmp-view';
import './patient-dmp.css';

/**
 * /parcours/:id/dmp — the patient's DMP as their orthophoniste reads it:
 * their access (since when the patient authorises them, until when), then
 * the documents the DMP shows them, other professionals' included, each to
 * open. When the DMP wants the patient asked first, the page asks the
 * question instead; when it is away, it says to try again.
 */
export default function PatientDmpPage() {
  const { id = '' } = useParams();
  const list = useQuery({
    queryKey: dmpDocumentsKey(id),
    queryFn: () =>
      read<PatientDmpDocuments>(
        api.GET('/pathways/{id}/dmp/documents', { params: { path: { id } } }),
      ),
    // Each reading is a call to the DMP and a line of the audit: not at every return to the tab.
    refetchOnWindowFocus: false,
    staleTime: 5 * 60_000,
  });
  return (
    <PathwaySubPage pathwayId={id} title="DMP du patient">
      <p className="lead">
        Les documents du dossier médical partagé du patient que le DMP vous montre, y compris ceux
        des autres professionnels.
      </p>
      {list.isPending ? <Loading what="Consultation du DMP" /> : null}
      {list.data ? (
        <>
          <DmpAccessPanel pathwayId={id} access={list.data.access} />
          {list.data.access.dmpExists ? (
            <DmpDocuments pathwayId={id} documents={list.data.documents} />
          ) : null}
        </>
      ) : needsAuthorization(list.error) ? (
        <AuthorizationQuestion pathwayId={id} />
      ) : list.error ? (
        <>
          <DmpProblem error={list.error} />
          {worthRetrying(list.error) ? (
            <button
              type="button"
              className="button"
              disabled={list.isFetching}
              onClick={() => void list.refetch()}
            >
              Réessayer
            </button>
          ) : null}
        </>
      ) : null}
    </PathwaySubPage>
  );
}
