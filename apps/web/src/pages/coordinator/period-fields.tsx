import { TextInput } from '../../components/ui';
import { fieldProblem } from './french';

/**
 * « Du » and « Au » date fields of a filter form (uncontrolled, read on
 * submit), with what the API said about `from` and `to` beside each.
 */
export function PeriodFields({
  from,
  to,
  error,
  required = false,
}: {
  from: string;
  to: string;
  error: unknown;
  required?: boolean;
}) {
  return (
    <>
      <TextInput
        label="Du"
        type="date"
        name="du"
        defaultValue={from}
        required={required}
        hint="Premier jour inclus"
        error={fieldProblem(error, 'from')}
      />
      <TextInput
        label="Au"
        type="date"
        name="au"
        defaultValue={to}
        required={required}
        hint="Dernier jour inclus (5 ans au plus)"
        error={fieldProblem(error, 'to')}
      />
    </>
  );
}

/** A text field of a submitted form ('' when absent). */
export function formText(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === 'string' ? value.trim() : '';
}
