import { formatDay } from '../../components/format';
import { Badge, Loading } from '../../components/ui';
import { ORTHOPHONISTE_PROFESSION_CODE, type PractitionerRow } from './cpts-view';
import { formatCount } from './figures-format';
import { Pager } from '../../components/pager';
import { ProblemBanner } from './problem-banner';
import { useMembers } from './queries';

/** TRE_G15 professions a CPTS's members may have; others show their code. */
const PROFESSIONS: Readonly<Record<string, string>> = {
  [ORTHOPHONISTE_PROFESSION_CODE]: 'Orthophoniste',
  '10': 'Médecin',
  '21': 'Pharmacien',
  '60': 'Infirmier',
  '70': 'Masseur-kinésithérapeute',
};

export function professionOf(code: string): string {
  return PROFESSIONS[code] ?? `Profession ${code}`;
}

/** The CPTS's members (GET /practitioners?cptsId=), with whether each has a billing number on record. */
export function MembersTable({ cptsId, page }: { cptsId: string; page: number }) {
  const members = useMembers(cptsId, page);
  if (members.isPending) return <Loading what="Chargement des membres" />;
  if (members.error) return <ProblemBanner error={members.error} />;
  const { items, total } = members.data;
  if (total === 0) return <p className="muted">La CPTS n'a encore aucun membre.</p>;
  return (
    <>
      <div className="table-wrap">
        <table className="data responsive">
          <caption>
            Membres de la CPTS ({formatCount(total)}) — les numéros de facturation manquants sont
            signalés « Manquant »
          </caption>
          <thead>
            <tr>
              <th scope="col">Nom</th>
              <th scope="col">RPPS</th>
              <th scope="col">Profession</th>
              <th scope="col">Messagerie MSSanté</th>
              <th scope="col">Numéro de facturation</th>
              <th scope="col">Lu dans l'Annuaire Santé</th>
            </tr>
          </thead>
          <tbody>
            {items.map((member) => (
              <MemberRow key={member.id} member={member} />
            ))}
          </tbody>
        </table>
      </div>
      <Pager page={members.data} label="Pages des membres" />
    </>
  );
}

function MemberRow({ member }: { member: PractitionerRow }) {
  return (
    <tr>
      <th scope="row" data-label="Nom">
        {member.givenNames} {member.familyName}
      </th>
      <td data-label="RPPS">{member.rpps}</td>
      <td data-label="Profession">{professionOf(member.professionCode)}</td>
      <td data-label="Messagerie MSSanté">
        {member.mssAddress ?? <span className="muted">aucune</span>}
      </td>
      <td data-label="Numéro de facturation">
        {member.billingNumber ? (
          <>
            <Badge tone="done">Enregistré</Badge> {member.billingNumber}
          </>
        ) : (
          <Badge tone="late">Manquant</Badge>
        )}
      </td>
      <td data-label="Lu dans l'Annuaire Santé">
        {member.directorySyncedAt ? formatDay(member.directorySyncedAt) : 'jamais'}
      </td>
    </tr>
  );
}
