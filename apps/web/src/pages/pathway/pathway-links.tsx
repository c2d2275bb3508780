import { useId } from 'react';
import { Link } from 'react-router';
import type { PathwayView } from './pathway-view';

/**
 * The pathway's other pages, for its orthophoniste: the patient's DMP (what
 * other professionals filed) and the conversation with the patient. Each
 * page says itself what it needs (an authorisation, a qualified INS).
 */
export function PathwayLinks({ pathway }: { pathway: PathwayView }) {
  const dmpHint = useId();
  const writeHint = useId();
  return (
    <nav className="panel pathway-links" aria-label="Pages du patient">
      <ul className="plain">
        <li>
          <Link className="button" to={`/parcours/${pathway.id}/dmp`} aria-describedby={dmpHint}>
            DMP du patient
          </Link>
          <span id={dmpHint} className="hint">
            Ses documents, à lire ici, dont ceux des autres professionnels.
          </span>
        </li>
        <li>
          <Link
            className="button"
            to={`/parcours/${pathway.id}/patient`}
            aria-describedby={writeHint}
          >
            Écrire au patient
          </Link>
          <span id={writeHint} className="hint">
            Par sa messagerie Mon espace santé.
          </span>
        </li>
      </ul>
    </nav>
  );
}
