import { useEffect, type ReactNode } from 'react';
import { Link } from 'react-router';
import { usePathwaySummary } from './use-pathway';
import './pathway.css';

/**
 * The frame of a page about one pathway's patient (/parcours/:id/…): the way
 * back to the pathway, whose patient it is, and the page's title — in the
 * tab's title too, so two open tabs are told apart.
 */
export function PathwaySubPage({
  pathwayId,
  title,
  children,
}: {
  pathwayId: string;
  title: string;
  children: ReactNode;
}) {
  const name = usePathwaySummary(pathwayId).data?.patient.displayName ?? null;

  useEffect(() => {
    const previous = document.title;
    document.title = name ? `${title} — ${name} — Accès direct` : `${title} — Accès direct`;
    return () => {
      document.title = previous;
    };
  }, [name, title]);

  return (
    <div className="pathway-page pathway-subpage">
      <p className="pathway-back">
        <Link to={`/parcours/${pathwayId}`}>
          <span aria-hidden="true">← </span>Retour au parcours
        </Link>
      </p>
      <header className="pathway-subpage-header">
        <p className="muted pathway-kicker">{name ? `Parcours de ${name}` : 'Parcours'}</p>
        <h1>{title}</h1>
      </header>
      {children}
    </div>
  );
}
