import { TextInput } from '../../components/ui';
import type { CptsRow } from './cpts-view';
import { durationInWords, isoOfDays, wholeDaysOf } from './durations';
import { fieldProblem } from './french';
import { formText } from './period-fields';

/** The four rules of a CPTS's policy (CptsPolicy of libs/domain/cpts-policy.ts). */
export type Policy = Pick<
  CptsRow,
  'bilanInitialDueAfter' | 'compteRenduDueAfter' | 'reminderEvery' | 'escalateAfterReminders'
>;

/** What a new CPTS starts with (the API's DEFAULT_CPTS_POLICY). */
export const DEFAULT_POLICY: Policy = {
  bilanInitialDueAfter: 'P30D',
  compteRenduDueAfter: 'P30D',
  reminderEvery: 'P7D',
  escalateAfterReminders: 2,
};

/** MAX_REMINDERS_BEFORE_ESCALATION of libs/domain/cpts-policy.ts. */
const MAX_REMINDERS = 20;

type DurationField = Exclude<keyof Policy, 'escalateAfterReminders'>;

const DURATION_FIELDS: ReadonlyArray<{ field: DurationField; label: string; hint: string }> = [
  {
    field: 'bilanInitialDueAfter',
    label: 'Bilan initial dû après (jours)',
    hint: "Jours entre l'ouverture du parcours et l'échéance du bilan initial.",
  },
  {
    field: 'compteRenduDueAfter',
    label: 'Compte-rendu dû après (jours)',
    hint: "Jours entre la fin de soins déclarée et l'échéance du compte-rendu.",
  },
  {
    field: 'reminderEvery',
    label: 'Relance tous les (jours)',
    hint: "Jours entre deux relances de l'orthophoniste tant que le document manque.",
  },
];

/**
 * The policy's fields, in days (the API wants ISO-8601 durations: see
 * readPolicy). Uncontrolled: the form reads them on submit.
 */
export function PolicyFields({
  current,
  error,
  showCurrent,
}: {
  current: Policy;
  error: unknown;
  /** Say what is in force (settings), rather than the defaults (creation). */
  showCurrent: boolean;
}) {
  return (
    <div className="row">
      {DURATION_FIELDS.map(({ field, label, hint }) => {
        const days = wholeDaysOf(current[field]);
        return (
          <TextInput
            key={field}
            label={label}
            name={field}
            type="number"
            inputMode="numeric"
            min={1}
            step={1}
            required={days !== null}
            defaultValue={days ?? ''}
            hint={
              <>
                {hint}
                {showCurrent ? ` En vigueur : ${durationInWords(current[field])}.` : null}
                {days === null
                  ? " Ce n'est pas un nombre entier de jours : laissez vide pour le garder."
                  : null}
              </>
            }
            error={fieldProblem(error, field)}
          />
        );
      })}
      <TextInput
        label="Relances avant d'alerter le coordinateur"
        name="escalateAfterReminders"
        type="number"
        inputMode="numeric"
        min={0}
        max={MAX_REMINDERS}
        step={1}
        required
        defaultValue={current.escalateAfterReminders}
        hint={`Nombre de relances sans réponse après lequel les coordinateurs sont alertés (0 à ${MAX_REMINDERS}).`}
        error={fieldProblem(error, 'escalateAfterReminders')}
      />
    </div>
  );
}

/**
 * The policy as the form says it, in ISO-8601 for the DTO ("P30D"); a field
 * left empty keeps `current` (a duration that is not whole days).
 */
export function readPolicy(form: FormData, current: Policy): Policy {
  const duration = (field: DurationField) => {
    const text = formText(form, field);
    return text === '' ? current[field] : isoOfDays(Number(text));
  };
  const reminders = formText(form, 'escalateAfterReminders');
  return {
    bilanInitialDueAfter: duration('bilanInitialDueAfter'),
    compteRenduDueAfter: duration('compteRenduDueAfter'),
    reminderEvery: duration('reminderEvery'),
    escalateAfterReminders: reminders === '' ? current.escalateAfterReminders : Number(reminders),
  };
}
