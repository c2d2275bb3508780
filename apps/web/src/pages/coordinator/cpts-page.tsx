import { useSearchParams } from 'react-router';
import { useMe } from '../../api/session';
import { Loading } from '../../components/ui';
import { Coordinators } from './coordinators';
import { useCptsChoice } from './cpts-choice';
import { CptsList } from './cpts-list';
import { CptsSelectForm } from './cpts-select-form';
import type { CptsRow } from './cpts-view';
import { CreateCptsForm } from './create-cpts-form';
import { MembersTable } from './members-table';
import { ProblemBanner } from './problem-banner';
import { useAllCpts } from './queries';
import { RegisterMemberForm } from './register-member-form';
import { RosterImport } from './roster-import';
import { pageOf } from './search';
import { SettingsForm } from './settings-form';
import './coordinator.css';

/**
 * « CPTS »: a coordinator's CPTS (a select when they have several); for an
 * administrator, every CPTS and the form creating one, and the same
 * settings once one is chosen (`?cpts=`). Members are paged (`?page=`).
 */
export default function CptsPage() {
  const me = useMe();
  const choice = useCptsChoice();
  const [params] = useSearchParams();
  const page = pageOf(params.get('page'));
  // GET /cpts is the only way to read one CPTS's settings (there is no GET /cpts/{id}).
  const list = useAllCpts(me.administrator || me.coordinatorOf.length > 0);
  const row = choice.cptsId ? list.data?.find((c) => c.id === choice.cptsId) : undefined;

  if (!me.administrator && me.coordinatorOf.length === 0) {
    return (
      <div className="coordinator">
        <h1>CPTS</h1>
        <p className="banner banner--info">
          Cette page est celle des coordinateurs d'une CPTS et des administrateurs.
        </p>
      </div>
    );
  }

  return (
    <div className="coordinator">
      <h1>CPTS</h1>
      <p className="lead">
        {me.administrator
          ? 'Les CPTS du service, leurs paramètres, leurs coordinateurs et leurs membres.'
          : 'Les paramètres de votre CPTS, ses coordinateurs et ses membres.'}
      </p>
      {list.error ? <ProblemBanner error={list.error} /> : null}
      {list.isPending ? <Loading what="Chargement des CPTS" /> : null}
      {me.administrator && list.data ? (
        <section aria-labelledby="toutes-cpts">
          <h2 id="toutes-cpts">Toutes les CPTS</h2>
          <CptsList rows={list.data} current={choice.cptsId} />
        </section>
      ) : null}
      {!me.administrator && choice.selectable ? (
        <CptsSelectForm key={params.toString()} choice={choice} />
      ) : null}
      {list.data && choice.cptsId && !row ? (
        <p className="banner banner--error" role="alert">
          Cette CPTS est introuvable, ou vous n'y avez pas accès.
        </p>
      ) : null}
      {row ? (
        <ChosenCpts key={row.id} cpts={row} administrator={me.administrator} page={page} />
      ) : null}
      {me.administrator ? (
        <section aria-labelledby="creer-cpts">
          <h2 id="creer-cpts">Créer une CPTS</h2>
          <CreateCptsForm />
        </section>
      ) : null}
    </div>
  );
}

function ChosenCpts({
  cpts,
  administrator,
  page,
}: {
  cpts: CptsRow;
  administrator: boolean;
  page: number;
}) {
  return (
    <>
      <section aria-labelledby="parametres" className="panel">
        <h2 id="parametres">Paramètres de {cpts.name}</h2>
        {cpts.identifier ? <p className="muted">Identifiant : {cpts.identifier}</p> : null}
        <SettingsForm cpts={cpts} administrator={administrator} />
      </section>
      <section aria-labelledby="coordinateurs" className="panel">
        <h2 id="coordinateurs">Coordinateurs</h2>
        <Coordinators cptsId={cpts.id} />
      </section>
      <section aria-labelledby="membres" className="panel">
        <h2 id="membres">Membres</h2>
        <MembersTable cptsId={cpts.id} page={page} />
        <h3 id="ajouter-membre">Ajouter un membre par RPPS</h3>
        <RegisterMemberForm cptsId={cpts.id} />
        <h3 id="inscrire-liste">Inscrire une liste d'orthophonistes (CSV)</h3>
        <RosterImport cptsId={cpts.id} />
      </section>
    </>
  );
}
