import { useMutation } from '@tanstack/react-query';
import { useId } from 'react';
import { api, read } from '../../api/client';
import type { DmpWebAccess } from './pathway-view';
import { ProblemBanner } from './problem-banner';

/**
 * Opens the patient's DMP in the DMP web portal, logged in already. The link
 * is short-lived and names the patient, so it is asked for on click only.
 * The tab is opened before the request: a browser blocks a tab a page opens
 * after waiting for the network (it no longer counts as the user's click).
 */
export function DmpPortalButton({ pathwayId }: { pathwayId: string }) {
  const hintId = useId();
  const access = useMutation({
    mutationFn: async (tab: Window | null) => {
      const link = await read<DmpWebAccess>(
        api.GET('/pathways/{id}/dmp/web-access', { params: { path: { id: pathwayId } } }),
      );
      if (tab && !tab.closed) {
        // The portal must not be able to reach back into this page.
        tab.opener = null;
        tab.location.href = link.url;
        return { link, opened: true };
      }
      return { link, opened: false };
    },
    onError: (_error, tab) => tab?.close(),
  });

  const open = () => access.mutate(window.open('about:blank', '_blank'));

  return (
    <div className="pathway-portal">
      <button
        type="button"
        className="button"
        disabled={access.isPending}
        aria-describedby={hintId}
        onClick={open}
      >
        Ouvrir le DMP du patient
      </button>
      <span id={hintId} className="hint">
        {' '}
        S’ouvre dans un nouvel onglet, sans nouvelle connexion.
      </span>
      {access.data && !access.data.opened ? (
        // The browser refused the new tab: the link itself, to follow while it is valid.
        <p className="banner banner--info" role="status">
          Votre navigateur a bloqué le nouvel onglet :{' '}
          <a href={access.data.link.url} target="_blank" rel="noopener noreferrer">
            ouvrir le DMP du patient
          </a>{' '}
          (lien valable {Math.round(access.data.link.expiresInSeconds / 60)} minutes).
        </p>
      ) : null}
      <ProblemBanner error={access.error} />
    </div>
  );
}
