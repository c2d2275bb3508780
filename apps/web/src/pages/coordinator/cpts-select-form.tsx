import type { FormEvent, ReactNode } from 'react';
import { type CptsChoice, CptsSelect } from './cpts-choice';
import { formText } from './period-fields';
import { useSearchUpdate } from './search';

/** A form choosing the page's CPTS (`?cpts=`), for pages whose only filter it is. */
export function CptsSelectForm({
  choice,
  empty,
  children,
}: {
  choice: CptsChoice;
  empty?: { value: string; label: string };
  /** More fields of the same filter form. */
  children?: ReactNode;
}) {
  const update = useSearchUpdate();
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    update({ cpts: formText(new FormData(event.currentTarget), 'cpts') });
  };
  return (
    <form className="panel filters" onSubmit={submit} aria-label="Choisir la CPTS">
      <div className="row">
        <CptsSelect choice={choice} {...(empty ? { empty } : {})} />
        {children}
      </div>
      <div className="actions">
        <button type="submit" className="button button--primary">
          Afficher
        </button>
      </div>
    </form>
  );
}
