import { useId } from 'react';
import { formatDateTime } from '../../components/format';
import type { PathwayView } from './pathway-view';
import { MessageLine } from './sharing-state';

/** The physicians the patient was referred to, and whether the médecin traitant was told. */
export function Referrals({ pathway, isOwner }: { pathway: PathwayView; isOwner: boolean }) {
  const headingId = useId();
  if (pathway.referrals.length === 0) return null;
  return (
    <section className="panel" aria-labelledby={headingId}>
      <h2 id={headingId}>Orientations vers un médecin</h2>
      <ul className="pathway-referrals">
        {pathway.referrals.map((referral) => {
          const message = pathway.messages
            .filter((m) => m.referralId === referral.referralId)
            .at(-1);
          const { physician } = referral;
          return (
            <li key={referral.referralId}>
              <p>
                <strong>{physician.name}</strong>
                {physician.specialty ? ` (${physician.specialty})` : ''}
                {physician.rpps ? `, RPPS ${physician.rpps}` : ''} — le{' '}
                {formatDateTime(referral.referredAt)}
              </p>
              <p>Motif : {referral.reason}</p>
              {message ? (
                <ul className="pathway-states">
                  <MessageLine message={message} canAct={isOwner && pathway.status === 'active'} />
                </ul>
              ) : null}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
