import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { api, read, type Schema } from '../../api/client';
import { useMe } from '../../api/session';
import { formatDateTime, formatDay } from '../../components/format';
import { Pager } from '../../components/pager';
import { Badge, ErrorBanner, Loading } from '../../components/ui';
import type { Page } from './pathway-list-view';

/** GET /notifications, as the notification store keeps them (the API's document describes it). */
type Notification = Schema<'NotificationRow'>;

const DOCUMENT = { bilan_initial: 'bilan initial', compte_rendu: 'compte rendu' } as const;

/** The pathway's document a reminder is about (a DMP alert is about another author's: none). */
type ReminderTopic = Exclude<Notification['topic'], 'dmp_new_document'>;

const TOPIC: Record<ReminderTopic, (doc: string) => string> = {
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

/**
 * « Notifications »: what the engine addressed to this orthophoniste, newest
 * first — the reminders of their pathways, and the alerts of new documents
 * other professionals filed in their patients' DMP.
 */
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
      <p className="lead">
        Les rappels que le moteur vous a adressés et les nouveaux documents du DMP de vos patients,
        les plus récents d'abord.
      </p>
      <ErrorBanner error={list.error} />
      {list.isPending ? <Loading /> : null}
      {list.data?.items.length === 0 ? <p className="panel">Aucune notification.</p> : null}
      <ul className="plain stack">
        {list.data?.items.map((n) => (
          <li key={n.id} className="panel">
            {n.kind === 'alert' ? <DmpAlert notification={n} /> : <Reminder notification={n} />}
          </li>
        ))}
      </ul>
      {list.data ? <Pager page={list.data} label="Pages des notifications" /> : null}
    </>
  );
}

function Reminder({ notification: n }: { notification: Notification }) {
  const topic = n.topic === 'dmp_new_document' ? null : TOPIC[n.topic];
  const doc = n.documentKind ? DOCUMENT[n.documentKind] : 'document';
  return (
    <>
      <p>
        {n.kind === 'action_required' ? (
          <Badge tone="waiting">Action attendue</Badge>
        ) : n.kind === 'escalation' ? (
          <Badge tone="late">Signalé à la coordination</Badge>
        ) : (
          <Badge tone="todo">Rappel n° {n.count}</Badge>
        )}{' '}
        <strong>{topic ? topic(doc) : n.topic}</strong>
      </p>
      <p className="muted">
        <time dateTime={n.createdAt}>{formatDateTime(n.createdAt)}</time> · échéance{' '}
        {formatDay(n.dueAt)} · {DELIVERY[n.deliveryStatus]}
      </p>
      <Link to={`/parcours/${n.pathwayId}`}>Ouvrir le parcours</Link>
    </>
  );
}

/**
 * A new document by another professional in a patient's DMP: what it is
 * (type, date, author) as the alert says it — never its content, which is
 * read in the DMP itself, from the pathway's DMP page.
 */
function DmpAlert({ notification: n }: { notification: Notification }) {
  const detail = n.detail;
  return (
    <>
      <p>
        <Badge tone="info">Nouveau document dans le DMP</Badge>{' '}
        <strong>{detail?.typeLabel ?? 'Document'}</strong>
        {detail?.documentDate ? <> du {formatDay(detail.documentDate)}</> : null}
        {detail?.author ? <>, par {detail.author}</> : null}
      </p>
      <p className="muted">
        <time dateTime={n.createdAt}>{formatDateTime(n.createdAt)}</time> ·{' '}
        {DELIVERY[n.deliveryStatus]}
      </p>
      <p className="actions">
        <Link to={`/parcours/${n.pathwayId}/dmp`}>Voir le DMP du patient</Link>
        <Link to={`/parcours/${n.pathwayId}`}>Ouvrir le parcours</Link>
      </p>
    </>
  );
}
