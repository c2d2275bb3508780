import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { api, read } from '../../api/client';
import { useMe } from '../../api/session';
import { formatDateTime, formatDay } from '../../components/format';
import { Pager } from '../../components/pager';
import { Badge, ErrorBanner, Loading } from '../../components/ui';
import type { Page } from './pathway-list-view';

/** GET /notifications, as the notification store keeps them. */
interface Notification {
  id: string;
  pathwayId: string;
  kind: 'reminder' | 'escalation' | 'action_required';
  topic:
    'document_missing' | 'dmp_consent' | 'dmp_authorization' | 'dmp_identity' | 'dmp_correction';
  documentKind: 'bilan_initial' | 'compte_rendu';
  count: number;
  dueAt: string;
  createdAt: string;
  deliveryStatus: 'pending' | 'sent' | 'failed' | 'not_sendable';
}

const DOCUMENT = { bilan_initial: 'bilan initial', compte_rendu: 'compte rendu' } as const;

const TOPIC: Record<Notification['topic'], (doc: string) => string> = {
  document_missing: (doc) => `Le ${doc} est attendu`,
  dmp_consent: (doc) => `Consentement DMP à recueillir pour classer le ${doc}`,
  dmp_authorization: (doc) => `Autorisation d'accès au DMP à recueillir pour classer le ${doc}`,
  dmp_identity: (doc) => `Identité du patient à qualifier pour classer le ${doc}`,
  dmp_correction: (doc) => `Le DMP a refusé le ${doc} : envoyez une version corrigée`,
};

const DELIVERY: Record<Notification['deliveryStatus'], string> = {
  pending: 'envoi MSSanté en cours',
  sent: 'envoyée par MSSanté',
  failed: "l'envoi MSSanté a échoué",
  not_sendable: 'pas d’adresse MSSanté',
};

const PAGE_SIZE = 20;

/** « Notifications »: the reminders the engine addressed to this orthophoniste, newest first. */
export default function NotificationsPage() {
  const me = useMe();
  const [params] = useSearchParams();
  const page = Math.max(1, Number(params.get('page') ?? '1') || 1);
  const list = useQuery({
    queryKey: ['notifications', me.practitionerId, page],
    queryFn: () =>
      read<Page<Notification>>(
        api.GET('/notifications', {
          params: {
            query: {
              recipientKind: 'practitioner',
              recipientId: me.practitionerId ?? undefined,
              page,
              pageSize: PAGE_SIZE,
            },
          },
        }),
      ),
    placeholderData: keepPreviousData,
  });
  return (
    <>
      <h1>Notifications</h1>
      <p className="lead">Les rappels que le moteur vous a adressés, les plus récents d'abord.</p>
      <ErrorBanner error={list.error} />
      {list.isPending ? <Loading /> : null}
      {list.data?.items.length === 0 ? <p className="panel">Aucune notification.</p> : null}
      <ul className="plain stack">
        {list.data?.items.map((n) => (
          <li key={n.id} className="panel">
            <p>
              {n.kind === 'action_required' ? (
                <Badge tone="waiting">Action attendue</Badge>
              ) : n.kind === 'escalation' ? (
                <Badge tone="late">Signalé à la coordination</Badge>
              ) : (
                <Badge tone="todo">Rappel n° {n.count}</Badge>
              )}{' '}
              <strong>{TOPIC[n.topic](DOCUMENT[n.documentKind])}</strong>
            </p>
            <p className="muted">
              <time dateTime={n.createdAt}>{formatDateTime(n.createdAt)}</time> · échéance{' '}
              {formatDay(n.dueAt)} · {DELIVERY[n.deliveryStatus]}
            </p>
            <Link to={`/parcours/${n.pathwayId}`}>Ouvrir le parcours</Link>
          </li>
        ))}
      </ul>
      {list.data ? <Pager page={list.data} label="Pages des notifications" /> : null}
    </>
  );
}
