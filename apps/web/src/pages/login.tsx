import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { api, read } from '../api/client';
import { ErrorBanner } from '../components/ui';

/**
 * The login: Pro Santé Connect (e-CPS, or the CPS card behind it), or a CPS
 * card read directly where the deployment takes it. After login each role
 * lands on its home, or back on the page the expired session was on.
 */
export function LoginPage() {
  const [params] = useSearchParams();
  const returnTo = safeReturn(params.get('retour'));
  const [cpsError, setCpsError] = useState<unknown>(null);
  const methods = useQuery({
    queryKey: ['login-methods'],
    queryFn: () => read<{ psc: boolean; cps: boolean }>(api.GET('/auth/methods')),
    staleTime: Infinity,
  });
  const refusal = params.get('refus');
  const pscHref = `/auth/login?retour=${encodeURIComponent(returnTo)}`;

  async function cpsLogin() {
    setCpsError(null);
    try {
      await read(api.POST('/auth/cps'));
      window.location.assign(returnTo);
    } catch (error) {
      setCpsError(error);
    }
  }

  return (
    <main id="contenu" className="login">
      <div className="login-card">
        <h1>Accès direct</h1>
        <p className="lead">
          Les parcours en accès direct de votre CPTS : bilans, comptes rendus, partage avec le
          médecin traitant et le DMP.
        </p>
        {params.get('expiree') ? (
          <div className="banner banner--info" role="status">
            Votre session a expiré : reconnectez-vous pour revenir à la page où vous étiez.
          </div>
        ) : null}
        {params.get('deconnecte') ? (
          <div className="banner banner--info" role="status">
            Vous êtes déconnecté(e).
          </div>
        ) : null}
        {refusal ? (
          <div className="banner banner--error" role="alert">
            {refusal}
          </div>
        ) : null}
        <a className="button button--primary button--large" href={pscHref}>
          Se connecter avec Pro Santé Connect
        </a>
        {methods.data?.cps ? (
          <button
            type="button"
            className="button button--secondary"
            onClick={() => void cpsLogin()}
          >
            Se connecter avec la carte CPS
          </button>
        ) : null}
        <ErrorBanner error={cpsError} />
      </div>
    </main>
  );
}

/** Only a path of this site (never another origin) is a place to come back to. */
export function safeReturn(value: string | null): string {
  if (!value || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\'))
    return '/';
  return value.startsWith('/connexion') ? '/' : value;
}
