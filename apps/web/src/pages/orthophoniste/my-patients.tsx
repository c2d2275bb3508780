import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import { api, read } from '../../api/client';
import { useMe } from '../../api/session';
import { Pager } from '../../components/pager';
import { ErrorBanner, Loading } from '../../components/ui';
import { DmpAlertForm } from './dmp-alert-form';
import { myPatientsKey, type PractitionerPatientsPage } from './my-patients-view';
import { PatientsTable } from './patients-table';
import './my-patients.css';

const PAGE_SIZE = 20;

/**
 * « Mes patients » (as on the DMP's Web PS): the alert setting first, then
 * each patient of the orthophoniste's pathways with their DMP status — it
 * exists, authorised since, to renew by — and whether it is watched. Each
 * status is asked of the DMP when the page opens: it is not refetched on
 * every return to the tab.
 */
export default function MyPatients() {
  const me = useMe();
  const id = me.practitionerId;
  const [params] = useSearchParams();
  const page = Math.max(1, Number(params.get('page') ?? '1') || 1);
  const list = useQuery({
    queryKey: myPatientsKey(id ?? '', page),
    queryFn: () =>
      read<PractitionerPatientsPage>(
        api.GET('/practitioners/{id}/patients', {
          params: { path: { id: id! }, query: { page, pageSize: PAGE_SIZE } },
        }),
      ),
    enabled: id !== null,
    placeholderData: keepPreviousData,
    refetchOnWindowFocus: false,
  });
  if (!id) return <h1>Mes patients</h1>;
  return (
    <>
      <h1>Mes patients</h1>
      <p className="lead">
        Les patients de vos parcours, ceux d’un parcours en cours d’abord, avec l’état de leur DMP.
      </p>
      <DmpAlertForm practitionerId={id} />
      <h2>Patients</h2>
      <ErrorBanner error={list.error} />
      {list.isPending ? <Loading what="Consultation du DMP de vos patients" /> : null}
      {list.data ? <PatientsTable page={list.data} /> : null}
      {list.data ? <Pager page={list.data} label="Pages de mes patients" /> : null}
    </>
  );
}
