import { parseXcn, parseXdsTime } from '../xds';
import type { SandboxIns } from './options';
import type { StoredEntry } from './store';

/**
 * The HTML of the sandbox's web portal (TD0.9): the patient's documents as a
 * professional sees them, and the error pages. Every value is escaped;
 * nothing is loaded from elsewhere.
 */

const DATE_TIME = new Intl.DateTimeFormat('fr-FR', {
  timeZone: 'Europe/Paris',
  dateStyle: 'short',
  timeStyle: 'short',
});

export function escapeHtml(value: string): string {
  return value.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );
}

function page(title: string, body: string): string {
  return (
    `<!DOCTYPE html>\n<html lang="fr"><head><meta charset="utf-8">` +
    `<title>${escapeHtml(title)}</title>` +
    `<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}` +
    `td,th{border:1px solid #999;padding:.3em .6em;text-align:left}` +
    `.sandbox{color:#a00}</style></head>` +
    `<body><p class="sandbox">DMP — bac à sable local (données de test uniquement)</p>` +
    `<h1>${escapeHtml(title)}</h1>${body}</body></html>\n`
  );
}

export function errorPage(title: string, detail: string): string {
  return page(title, `<p>${escapeHtml(detail)}</p>`);
}

function authorName(entry: StoredEntry): string {
  const person = entry.metadata.authors[0]?.authorPerson;
  const xcn = person ? parseXcn(person) : undefined;
  return xcn ? `${xcn.givenName} ${xcn.familyName}`.trim() || xcn.id : '';
}

function creationDate(entry: StoredEntry): string {
  const time = entry.metadata.creationTime && parseXdsTime(entry.metadata.creationTime);
  return time ? DATE_TIME.format(time) : '';
}

export function documentsPage(view: {
  patientIns: SandboxIns;
  practitionerId: string;
  structureId: string;
  entries: readonly StoredEntry[];
}): string {
  const rows = view.entries
    .map(
      (entry) =>
        `<tr><td>${escapeHtml(entry.metadata.title ?? '')}</td>` +
        `<td>${escapeHtml(creationDate(entry))}</td>` +
        `<td>${escapeHtml(entry.metadata.typeCode?.displayName ?? '')}</td>` +
        `<td>${escapeHtml(authorName(entry))}</td></tr>`,
    )
    .join('');
  const list =
    view.entries.length === 0
      ? '<p>Aucun document.</p>'
      : `<table><thead><tr><th>Titre</th><th>Date</th><th>Type</th><th>Auteur</th></tr></thead>` +
        `<tbody>${rows}</tbody></table>`;
  return page(
    'Dossier médical partagé',
    `<p>Patient : INS ${escapeHtml(view.patientIns.matricule)} ` +
      `(${escapeHtml(view.patientIns.oid)})</p>` +
      `<p>Consulté par le professionnel ${escapeHtml(view.practitionerId)}, ` +
      `structure ${escapeHtml(view.structureId)}</p>` +
      list,
  );
}
