import { useSearchParams } from 'react-router';
import { useMe } from '../../api/session';
import { SelectInput } from '../../components/ui';
import { useAllCpts } from './queries';

/** `?cpts=toutes`: an administrator's view of every CPTS at once (the dashboard's aggregate). */
export const ALL_CPTS = 'toutes';

export interface CptsOption {
  id: string;
  name: string;
}

export interface CptsChoice {
  /** The CPTS of the page (`?cpts=`, else the first the user coordinates); null: none chosen, or all. */
  cptsId: string | null;
  /** An administrator asked for every CPTS (`?cpts=toutes`). */
  all: boolean;
  /** The user coordinates it (worklist, pathway export, member pages are theirs). */
  coordinates: boolean;
  /** What the CPTS select offers: every CPTS for an administrator, else those coordinated. */
  options: CptsOption[];
  /** A select is worth showing: more than one CPTS to choose from. */
  selectable: boolean;
  nameOf: (id: string) => string | undefined;
}

/**
 * Which CPTS a coordinator page is about. The URL says it (`?cpts=<id>`), so
 * that a view can be shared; by default the first CPTS the user coordinates.
 * The names come from GET /cpts, read only when there is a choice to make
 * (a coordinator of a single CPTS gets its name from the page's own answer).
 */
export function useCptsChoice({ coordinatedOnly = false } = {}): CptsChoice {
  const me = useMe();
  const [params] = useSearchParams();
  // `coordinatedOnly`: pages that are the coordinators' alone (the worklist), even for an administrator.
  const everyCpts = me.administrator && !coordinatedOnly;
  const selectable = everyCpts || me.coordinatorOf.length > 1;
  const list = useAllCpts(selectable);
  const names = new Map((list.data ?? []).map((c) => [c.id, c.name]));
  const asked = params.get('cpts');
  const all = everyCpts && (asked === ALL_CPTS || (!asked && me.coordinatorOf.length === 0));
  const named = asked && asked !== ALL_CPTS ? asked : null;
  const cptsId = all ? null : (named ?? me.coordinatorOf[0] ?? null);
  const options: CptsOption[] = everyCpts
    ? (list.data ?? []).map((c) => ({ id: c.id, name: c.name }))
    : me.coordinatorOf.map((id) => ({ id, name: names.get(id) ?? `CPTS ${id.slice(0, 8)}` }));
  return {
    cptsId,
    all,
    coordinates: cptsId !== null && me.coordinatorOf.includes(cptsId),
    options,
    selectable,
    nameOf: (id) => names.get(id),
  };
}

/**
 * The CPTS select of a filter form (uncontrolled: the form reads it on
 * submit, so that choosing does not reload the page under the keyboard).
 * `empty` offers a first option without a CPTS (all of them, or none yet).
 */
export function CptsSelect({
  choice,
  empty,
  name = 'cpts',
}: {
  choice: CptsChoice;
  empty?: { value: string; label: string };
  name?: string;
}) {
  const current = choice.all ? (empty?.value ?? '') : (choice.cptsId ?? '');
  const known = current === (empty?.value ?? null) || choice.options.some((o) => o.id === current);
  return (
    // Keyed by the options: a select's default value applies when it mounts, and the names arrive later.
    <SelectInput key={choice.options.length} label="CPTS" name={name} defaultValue={current}>
      {empty ? <option value={empty.value}>{empty.label}</option> : null}
      {current && !known ? <option value={current}>CPTS {current.slice(0, 8)}</option> : null}
      {choice.options.map((option) => (
        <option key={option.id} value={option.id}>
          {option.name}
        </option>
      ))}
    </SelectInput>
  );
}
