import { definitionOf } from './indicator-definitions';
import { plain } from './figures-format';

/**
 * A figure's definition, folded under « Définition » (in the page's text, not
 * a tooltip: readable on a phone and by keyboard). `about` says which figure,
 * for screen readers that list the page's summaries.
 */
export function Definition({ indicator, about }: { indicator: string; about?: string }) {
  const { label, definition } = definitionOf(indicator);
  return (
    <details className="definition">
      <summary>
        Définition<span className="visually-hidden"> : {about ?? label}</span>
      </summary>
      <p>{plain(definition)}</p>
    </details>
  );
}
