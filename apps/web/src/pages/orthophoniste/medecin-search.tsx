import { useQuery } from '@tanstack/react-query';
import { useId, useState, type KeyboardEvent } from 'react';
import { api, ApiProblem, read } from '../../api/client';
import { ErrorBanner, fieldError, Loading, TextInput } from '../../components/ui';

/** GET /directory/physicians, as the API answers it. */
interface DirectoryPhysician {
  rpps: string;
  displayName: string;
  active: boolean;
  mssAddress: string | null;
  places: { name: string; city: string | null; postalCode: string | null }[];
}

type SearchQuery = { name?: string; town?: string; rpps?: string };
type SearchField = keyof SearchQuery;

const RPPS = /^\d{11}$/;
const NAME_CHARACTERS = /^[\p{L}\p{M} '’.-]+$/u;

/** What is wrong with the fields before anything is sent (the API checks the same). */
function problemsOf(
  name: string,
  town: string,
  rpps: string,
): Partial<Record<SearchField, string>> {
  if (rpps) {
    return RPPS.test(rpps) ? {} : { rpps: 'Le numéro RPPS compte 11 chiffres.' };
  }
  if (!name) {
    return {
      name: town
        ? "Indiquez aussi le nom du médecin : l'Annuaire Santé ne cherche pas par ville seule."
        : 'Indiquez le nom du médecin, ou son numéro RPPS.',
    };
  }
  const problems: Partial<Record<SearchField, string>> = {};
  if ((name.match(/\p{L}/gu) ?? []).length < 2 || !NAME_CHARACTERS.test(name)) {
    problems.name = 'Indiquez au moins 2 lettres du nom (lettres, espaces, tirets, apostrophes).';
  }
  if (town && !NAME_CHARACTERS.test(town)) {
    problems.town = 'Indiquez le nom de la ville, en lettres (sans code postal).';
  }
  return problems;
}

function placeOf(place: DirectoryPhysician['places'][number]): string {
  const where = [place.postalCode, place.city].filter(Boolean).join(' ');
  return where ? `${place.name} — ${where}` : place.name;
}

/**
 * Finds the patient's médecin traitant in the Annuaire Santé by name (and
 * town) or RPPS, and hands the chosen one to `onChoose` with the MSSanté
 * address the engine would write to. Not a <form> of its own, so that it can
 * sit inside one: Entrée in a field starts the search, not the outer form.
 */
export function MedecinSearch({
  onChoose,
}: {
  onChoose: (m: { rpps: string; name: string; mssAddress: string | null }) => void;
}) {
  const headingId = useId();
  const [name, setName] = useState('');
  const [town, setTown] = useState('');
  const [rpps, setRpps] = useState('');
  const [problems, setProblems] = useState<Partial<Record<SearchField, string>>>({});
  const [submitted, setSubmitted] = useState<SearchQuery | null>(null);

  const search = useQuery({
    queryKey: ['directory-physicians', submitted],
    queryFn: () =>
      read<{ items: DirectoryPhysician[] }>(
        api.GET('/directory/physicians', { params: { query: submitted ?? {} } }),
      ),
    enabled: submitted !== null,
    retry: false,
    staleTime: 5 * 60_000,
  });

  function start() {
    const query = { name: name.trim(), town: town.trim(), rpps: rpps.trim() };
    const found = problemsOf(query.name, query.town, query.rpps);
    setProblems(found);
    if (Object.values(found).some(Boolean)) return;
    setSubmitted(
      query.rpps
        ? { rpps: query.rpps }
        : { name: query.name, ...(query.town ? { town: query.town } : {}) },
    );
  }

  function onEnter(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key !== 'Enter') return;
    event.preventDefault();
    start();
  }

  const error = search.error;
  const apiAbout = (field: SearchField) => fieldError(error, field);
  const fieldProblem = error instanceof ApiProblem && error.problems.length > 0;
  const items = search.data?.items;
  return (
    <section className="stack" role="search" aria-labelledby={headingId}>
      <h3 id={headingId}>Chercher le médecin traitant dans l'Annuaire Santé</h3>
      <div className="row">
        <TextInput
          label="Nom du médecin"
          hint="Le nom de famille ou son début, sans « Dr »"
          value={name}
          maxLength={100}
          autoComplete="off"
          onChange={(event) => setName(event.target.value)}
          onKeyDown={onEnter}
          error={problems.name ?? apiAbout('name')}
        />
        <TextInput
          label="Ville (facultatif)"
          hint="Là où il exerce"
          value={town}
          maxLength={100}
          autoComplete="off"
          onChange={(event) => setTown(event.target.value)}
          onKeyDown={onEnter}
          error={problems.town ?? apiAbout('town')}
        />
        <TextInput
          label="ou RPPS"
          hint="11 chiffres"
          value={rpps}
          inputMode="numeric"
          maxLength={11}
          autoComplete="off"
          onChange={(event) => setRpps(event.target.value)}
          onKeyDown={onEnter}
          error={problems.rpps ?? apiAbout('rpps')}
        />
      </div>
      <div className="actions">
        <button
          type="button"
          className="button button--primary"
          onClick={start}
          disabled={search.isFetching}
        >
          Chercher dans l'Annuaire
        </button>
      </div>
      {fieldProblem ? null : <ErrorBanner error={error} />}
      <div aria-live="polite">
        {search.isFetching ? <Loading what="Recherche dans l'Annuaire Santé" /> : null}
        {!search.isFetching && items ? (
          items.length === 0 ? (
            <p className="muted">
              Aucun médecin trouvé dans l'Annuaire Santé. Vérifiez l'orthographe du nom, ou cherchez
              sans la ville.
            </p>
          ) : (
            <>
              <p className="muted">
                {items.length === 1 ? '1 médecin trouvé' : `${items.length} médecins trouvés`}
                {items.length >= 20 ? ' (les 20 premiers : précisez le nom ou la ville)' : ''}
              </p>
              <ul className="plain stack">
                {items.map((physician) => (
                  <li key={physician.rpps} className="panel">
                    <p>
                      <strong>{physician.displayName}</strong>{' '}
                      <span className="muted">
                        RPPS <span className="mono">{physician.rpps}</span>
                      </span>
                      {physician.active ? null : (
                        <>
                          {' '}
                          — <strong>n'exerce plus selon l'Annuaire</strong>
                        </>
                      )}
                    </p>
                    {physician.places.length > 0 ? (
                      <ul>
                        {physician.places.map((place) => (
                          <li key={placeOf(place)}>{placeOf(place)}</li>
                        ))}
                      </ul>
                    ) : (
                      <p className="muted">Lieu d'exercice non précisé</p>
                    )}
                    <p>
                      {physician.mssAddress ? (
                        <>
                          Messagerie MSSanté : <span className="mono">{physician.mssAddress}</span>
                        </>
                      ) : (
                        <span className="muted">pas de messagerie MSSanté</span>
                      )}
                    </p>
                    <button
                      type="button"
                      className="button"
                      onClick={() =>
                        onChoose({
                          rpps: physician.rpps,
                          name: physician.displayName,
                          mssAddress: physician.mssAddress,
                        })
                      }
                    >
                      Choisir {physician.displayName}
                    </button>
                  </li>
                ))}
              </ul>
            </>
          )
        ) : null}
      </div>
    </section>
  );
}
