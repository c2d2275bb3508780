import type { FormEvent } from 'react';
import { SelectInput } from '../../components/ui';
import { type CptsChoice, CptsSelect } from './cpts-choice';
import { ORTHOPHONISTE_PROFESSION_CODE } from './cpts-view';
import type { DocumentKind } from './indicator-view';
import { formText } from './period-fields';
import { useOrthophonisteOptions } from './queries';
import { useSearchUpdate } from './search';
import { DUTY_LABELS } from './worklist-view';

/**
 * The worklist's filters: CPTS, orthophoniste (`?praticien=`) and document
 * (`?duty=`), written in the URL on submit (choosing in a select does not
 * reload the list under the keyboard).
 */
export function WorklistFilters({
  choice,
  practitionerId,
  practitionerName,
  duty,
}: {
  choice: CptsChoice;
  practitionerId: string | undefined;
  /** The name of the orthophoniste filtered on, when the options do not list them. */
  practitionerName: string | undefined;
  duty: DocumentKind | undefined;
}) {
  const update = useSearchUpdate();
  const options = useOrthophonisteOptions(choice.cptsId);
  const orthophonistes = (options.data?.items ?? []).filter(
    (p) => p.professionCode === ORTHOPHONISTE_PROFESSION_CODE,
  );
  const listed = orthophonistes.some((p) => p.id === practitionerId);
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const cpts = formText(form, 'cpts');
    const changedCpts = choice.selectable && cpts !== (choice.cptsId ?? '');
    update({
      ...(choice.selectable ? { cpts } : {}),
      // Another CPTS's orthophoniste would filter everything out.
      praticien: changedCpts ? null : formText(form, 'praticien'),
      duty: formText(form, 'duty'),
    });
  };
  const filtered = Boolean(practitionerId || duty);
  return (
    <form className="panel filters" onSubmit={submit} aria-label="Filtrer la liste à relancer">
      <div className="row">
        {choice.selectable ? <CptsSelect choice={choice} /> : null}
        <SelectInput
          // Keyed by the options: a select's default value applies when it mounts, and they arrive later.
          key={`praticien-${orthophonistes.length}`}
          label="Orthophoniste"
          name="praticien"
          defaultValue={practitionerId ?? ''}
        >
          <option value="">Tous les orthophonistes</option>
          {practitionerId && !listed ? (
            <option value={practitionerId}>{practitionerName ?? 'Orthophoniste choisi'}</option>
          ) : null}
          {orthophonistes.map((p) => (
            <option key={p.id} value={p.id}>
              {p.familyName} {p.givenNames}
            </option>
          ))}
        </SelectInput>
        <SelectInput label="Document attendu" name="duty" defaultValue={duty ?? ''}>
          <option value="">Bilans initiaux et comptes rendus</option>
          {(Object.keys(DUTY_LABELS) as DocumentKind[]).map((kind) => (
            <option key={kind} value={kind}>
              {DUTY_LABELS[kind]}
            </option>
          ))}
        </SelectInput>
      </div>
      <div className="actions">
        <button type="submit" className="button button--primary">
          Filtrer
        </button>
        {filtered ? (
          <button
            type="button"
            className="button"
            onClick={() => update({ praticien: null, duty: null })}
          >
            Effacer les filtres
          </button>
        ) : null}
      </div>
    </form>
  );
}
