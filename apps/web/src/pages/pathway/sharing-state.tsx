import { formatDateTime } from '../../components/format';
import type { DmpFilingView, MssMessageView } from './pathway-view';
import { StateLine } from './state-line';
import { DMP_ACTION_WORDS, DMP_SKIP_WORDS, MSS_SKIP_WORDS, wordsOf } from './wording';

/** What the operator's delivery notification and the read receipt said, after « Envoyé ». */
function Acknowledgments({ message }: { message: MssMessageView }) {
  const { delivery, read } = message;
  return (
    <>
      {delivery?.status === 'delivered' ? (
        <p>
          Remis
          {delivery.deliveredAt ? ` le ${formatDateTime(delivery.deliveredAt)}` : ''} dans sa
          messagerie.
        </p>
      ) : null}
      {delivery?.status === 'delayed' ? (
        <p>Remise retardée par l’opérateur de messagerie : elle sera retentée.</p>
      ) : null}
      {delivery?.status === 'failed' ? (
        <p className="pathway-problem">
          Non remis dans sa messagerie{delivery.detail ? ` : ${delivery.detail}` : ''}. Vérifiez
          l’adresse MSSanté du médecin traitant.
        </p>
      ) : null}
      {read ? <p>Lu le {formatDateTime(read.at)}.</p> : null}
    </>
  );
}

/** The document's message to the médecin traitant over MSSanté: sent, acknowledged, or why not. */
export function MessageLine({ message, canAct }: { message: MssMessageView; canAct: boolean }) {
  if (message.status === 'to_send') {
    return (
      <StateLine tone="info" word="Envoi en cours">
        <p>Envoi au médecin traitant par messagerie sécurisée en cours…</p>
      </StateLine>
    );
  }
  if (message.status === 'skipped') {
    const noOne = message.skipReason === 'no_medecin_traitant';
    return (
      <StateLine tone="skipped" word="Non envoyé">
        <p>
          Non envoyé au médecin traitant : {wordsOf(MSS_SKIP_WORDS, message.skipReason)}
          {message.detail ? ` (${message.detail})` : ''}.
        </p>
        {canAct ? (
          <p className="hint">
            {noOne
              ? 'Si le patient en déclare un, indiquez-le avec « Changer de médecin traitant » : le message lui sera alors envoyé.'
              : 'Indiquez son adresse MSSanté avec « Changer de médecin traitant » : le message lui sera alors envoyé.'}
          </p>
        ) : null}
      </StateLine>
    );
  }
  const delivered = message.delivery?.status === 'delivered';
  const failed = message.delivery?.status === 'failed';
  return (
    <StateLine
      tone={failed ? 'late' : message.read ? 'done' : delivered ? 'done' : 'info'}
      word={failed ? 'Non remis' : message.read ? 'Lu' : delivered ? 'Remis' : 'Envoyé'}
    >
      <p>
        Envoyé au médecin traitant le {formatDateTime(message.sentAt)}
        {message.recipient ? ` (${message.recipient})` : ''}
        {message.status === 'sent' && !message.delivery ? ', remise non encore confirmée' : ''}.
      </p>
      <Acknowledgments message={message} />
    </StateLine>
  );
}

/** Where the document's DMP filing stands (a waiting one is drawn with what to do: dmp-waiting). */
export function DmpLine({ filing, forYou }: { filing: DmpFilingView; forYou: boolean }) {
  switch (filing.status) {
    case 'filed':
      return (
        <StateLine tone="done" word="Classé">
          <p>Classé dans le DMP le {formatDateTime(filing.filedAt)}.</p>
        </StateLine>
      );
    case 'skipped':
      return (
        <StateLine tone="skipped" word="Non classé">
          <p>Non classé dans le DMP : {wordsOf(DMP_SKIP_WORDS, filing.skipReason)}.</p>
        </StateLine>
      );
    case 'waiting':
      return (
        <StateLine
          tone="waiting"
          word={forYou ? 'En attente de vous' : 'En attente de l’orthophoniste'}
        >
          <p>
            Classement dans le DMP en attente : il faut{' '}
            {wordsOf(DMP_ACTION_WORDS, filing.waitingFor)}.
          </p>
          {filing.reason ? <p className="muted">Réponse du DMP : {filing.reason}</p> : null}
        </StateLine>
      );
    default:
      return (
        <StateLine tone="info" word="Classement en cours">
          <p>Classement dans le DMP en cours…</p>
          {filing.reason ? (
            <p className="muted">
              Le DMP ne répond pas pour l’instant : nouvel essai automatique ({filing.reason}).
            </p>
          ) : null}
        </StateLine>
      );
  }
}
