import type { PscSandboxPractitioner } from './practitioners';

/**
 * The sandbox's few HTML pages: enough for a person running `npm start` to
 * pick a test practitioner in a browser, and for the scripted browser of the
 * tests to find the forms. No script, no external resource.
 */

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

function page(title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
body{font-family:system-ui,sans-serif;max-width:44rem;margin:2rem auto;padding:0 1rem;color:#1b1b35}
h1{font-size:1.4rem}.warn{background:#fff4e5;padding:.5rem .75rem;border-left:4px solid #e67e22}
button{display:block;width:100%;text-align:left;margin:.5rem 0;padding:.75rem;font-size:1rem;cursor:pointer}
small{color:#555}code{background:#f3f3f3;padding:0 .2rem}
</style>
</head>
<body>
<p class="warn">Bac à sable local de Pro Santé Connect — praticiens fictifs, aucune donnée réelle.</p>
${body}
</body>
</html>`;
}

/** The login page of one authorization request: one button per test practitioner. */
export function loginPage(
  action: string,
  clientId: string,
  practitioners: readonly PscSandboxPractitioner[],
): string {
  const buttons = practitioners
    .map((p) => {
      const who = `${p.givenName} ${p.familyName}`;
      return `<button type="submit" name="practitioner" value="${escapeHtml(p.idNatPs)}">${escapeHtml(who)} <small>RPPS ${escapeHtml(p.rpps ?? '—')} · ${escapeHtml(p.label)}</small></button>`;
    })
    .join('\n');
  return page(
    'Connexion Pro Santé Connect (bac à sable)',
    `<h1>Se connecter à ${escapeHtml(clientId)}</h1>
<p>Choisissez le praticien à connecter (CPS / e-CPS simulée, niveau eidas1).</p>
<form method="post" action="${escapeHtml(action)}">
${buttons}
<button type="submit" name="cancel" value="1">Annuler</button>
</form>`,
  );
}

/** The sandbox's home page: what it is, where its discovery document is, who can log in. */
export function homePage(
  issuer: string,
  discoveryUrl: string,
  practitioners: readonly PscSandboxPractitioner[],
): string {
  const rows = practitioners
    .map(
      (p) =>
        `<li><strong>${escapeHtml(`${p.givenName} ${p.familyName}`)}</strong> — SubjectNameID <code>${escapeHtml(p.idNatPs)}</code> — ${escapeHtml(p.label)}</li>`,
    )
    .join('\n');
  return page(
    'Pro Santé Connect — bac à sable local',
    `<h1>Pro Santé Connect — bac à sable local</h1>
<p>Émetteur : <code>${escapeHtml(issuer)}</code><br>Découverte : <code>${escapeHtml(discoveryUrl)}</code></p>
<p>Connectez-vous depuis l'application : la page de connexion propose ces praticiens.</p>
<ul>
${rows}
</ul>`,
  );
}

/** oidc-provider's logout confirmation: its form (a hidden xsrf token) and the button that confirms. */
export function logoutPage(form: string): string {
  return page(
    'Déconnexion Pro Santé Connect (bac à sable)',
    `<h1>Déconnexion</h1>
${form}
<button type="submit" form="op.logoutForm" name="logout" value="yes">Se déconnecter</button>`,
  );
}

export function loggedOutPage(): string {
  return page('Déconnecté', '<h1>Vous êtes déconnecté de Pro Santé Connect (bac à sable).</h1>');
}

export function errorPage(error: string, description: string | undefined): string {
  return page(
    'Erreur Pro Santé Connect (bac à sable)',
    `<h1>Erreur</h1>
<p><code>${escapeHtml(error)}</code>${description ? ` — ${escapeHtml(description)}` : ''}</p>`,
  );
}
