import type { ReactNode } from 'react';
import { NavLink } from 'react-router';
import { api } from '../api/client';
import { rolesOf, useMe } from '../api/session';

/** The header (what this user may open), a skip link, and the page. */
export function Layout({ children }: { children: ReactNode }) {
  const me = useMe();
  const roles = rolesOf(me);
  const links: { to: string; label: string }[] = [
    ...(roles.includes('orthophoniste')
      ? [
          { to: '/parcours', label: 'Mes parcours' },
          { to: '/parcours/nouveau', label: 'Nouveau parcours' },
          { to: '/mes-patients', label: 'Mes patients' },
          { to: '/situation-exercice', label: "Situation d'exercice" },
          { to: '/mes-notifications', label: 'Notifications' },
        ]
      : []),
    ...(roles.includes('coordinator')
      ? [
          { to: '/tableau-de-bord', label: 'Tableau de bord' },
          { to: '/relances', label: 'À relancer' },
        ]
      : []),
    ...(roles.includes('coordinator') || roles.includes('administrator')
      ? [
          { to: '/organisation', label: 'CPTS' },
          { to: '/journal-audit', label: "Journal d'audit" },
        ]
      : []),
  ];
  return (
    <>
      <a className="skip-link" href="#contenu">
        Aller au contenu
      </a>
      <header className="site-header">
        <div className="brand">
          <span aria-hidden="true">◆</span> Accès direct
        </div>
        <nav aria-label="Navigation principale">
          <ul>
            {links.map((link) => (
              <li key={link.to}>
                <NavLink to={link.to} end>
                  {link.label}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <button type="button" className="button button--quiet" onClick={() => void logOut()}>
          Se déconnecter
        </button>
      </header>
      <main id="contenu" className="page">
        {children}
      </main>
    </>
  );
}

/** Closes the session, then Pro Santé Connect's too when the API says where. */
async function logOut(): Promise<void> {
  const { data } = await api.POST('/auth/logout');
  const logoutUrl = (data as { logoutUrl?: string | null } | undefined)?.logoutUrl;
  window.location.assign(logoutUrl ?? '/connexion?deconnecte=1');
}
