import { formatDateTime, formatDay } from '../../components/format';
import { Badge, type Tone } from '../../components/ui';
import type { MedecinTraitant, PathwayStatus, PathwayView } from './pathway-view';
import { CONSENT_WORDS, STATUS_WORDS, STEP_WORDS, identityWords } from './wording';

const STATUS_TONES: Readonly<Record<PathwayStatus, Tone>> = {
  active: 'info',
  completed: 'done',
  abandoned: 'skipped',
};

function medecinTraitantWords(medecin: MedecinTraitant): string {
  if (!medecin.declared) return 'aucun déclaré';
  const address = medecin.mssAddress
    ? `messagerie sécurisée ${medecin.mssAddress}`
    : 'adresse MSSanté recherchée dans l’Annuaire santé';
  return `${medecin.name} (RPPS ${medecin.rpps}) — ${address}`;
}

/** Who and where: the patient, the people around them, and where the pathway stands. */
export function PathwayHeader({ pathway }: { pathway: PathwayView }) {
  const { patient, practitioner, cpts } = pathway;
  return (
    <header className="panel pathway-header">
      <p className="muted pathway-kicker">Parcours en accès direct</p>
      <h1>{patient.displayName ?? 'Patient non renseigné'}</h1>
      <p className="pathway-standing">
        <Badge tone={STATUS_TONES[pathway.status]}>{STATUS_WORDS[pathway.status]}</Badge>{' '}
        {pathway.status === 'active' ? (
          <Badge tone="neutral">{STEP_WORDS[pathway.step] ?? pathway.step}</Badge>
        ) : null}{' '}
        {pathway.overdue ? <Badge tone="late">En retard</Badge> : null}
      </p>
      <dl className="pathway-facts">
        <div>
          <dt>Date de naissance</dt>
          <dd>{patient.birthDate ? formatDay(patient.birthDate) : 'non renseignée'}</dd>
        </div>
        <div>
          <dt>Identité INS</dt>
          <dd>{identityWords(patient.ins)}</dd>
        </div>
        <div>
          <dt>Orthophoniste</dt>
          <dd>
            {practitioner.displayName ?? 'non renseigné'}
            {practitioner.rpps ? ` (RPPS ${practitioner.rpps})` : ''}
          </dd>
        </div>
        <div>
          <dt>CPTS</dt>
          <dd>{cpts.name ?? 'non renseignée'}</dd>
        </div>
        <div>
          <dt>Médecin traitant</dt>
          <dd>{medecinTraitantWords(pathway.medecinTraitant)}</dd>
        </div>
        <div>
          <dt>Consentement au DMP</dt>
          <dd>{CONSENT_WORDS[pathway.consentementDmp] ?? pathway.consentementDmp}</dd>
        </div>
        <div>
          <dt>Ouvert le</dt>
          <dd>{formatDateTime(pathway.openedAt)}</dd>
        </div>
        {pathway.careEndedOn ? (
          <div>
            <dt>Fin des soins</dt>
            <dd>{formatDay(pathway.careEndedOn)}</dd>
          </div>
        ) : null}
        {pathway.closedAt ? (
          <div>
            <dt>Clos le</dt>
            <dd>{formatDateTime(pathway.closedAt)}</dd>
          </div>
        ) : null}
        {pathway.abandonReason ? (
          <div>
            <dt>Motif de l’abandon</dt>
            <dd>{pathway.abandonReason}</dd>
          </div>
        ) : null}
      </dl>
    </header>
  );
}
