import { formatDay } from '../../components/format';
import type { DmpAction, HistoryEntry, MssDispatchRef, PathwayEvent } from './pathway-view';
import {
  CONSENT_WORDS,
  DMP_ACTION_WORDS,
  DMP_SKIP_WORDS,
  KIND_WORDS,
  MSS_SKIP_WORDS,
  wordsOf,
} from './wording';

const PURPOSE_WORDS: Readonly<Record<MssDispatchRef['purpose'], string>> = {
  bilan_initial: 'Bilan initial',
  compte_rendu: 'Compte rendu',
  referral: 'Orientation',
};

const RESUMED_AFTER: Readonly<Record<DmpAction, string>> = {
  consent: 'consentement recueilli',
  authorization: 'autorisation du patient recueillie',
  identity: 'identité à nouveau vérifiée',
  correction: 'document corrigé',
};

function sent(purpose: MssDispatchRef['purpose']): string {
  // « Orientation » is feminine: « envoyée ».
  return purpose === 'referral' ? 'envoyée' : 'envoyé';
}

/** One event of the pathway's history as a French sentence (every event type, and a fallback). */
export function eventSentence(event: PathwayEvent): string {
  switch (event.type) {
    case 'opened':
      return `Parcours ouvert : bilan initial attendu avant le ${formatDay(event.bilanInitialDueAt)}.`;
    case 'document_received':
      return `${KIND_WORDS[event.document.kind].title} reçu : « ${event.document.title} », daté du ${formatDay(event.document.documentDate)}.`;
    case 'document_replaced':
      return `Version corrigée ${KIND_WORDS[event.document.kind].of} reçue : « ${event.document.title} », datée du ${formatDay(event.document.documentDate)}.`;
    case 'dmp_filed':
      return `${KIND_WORDS[event.documentKind].title} classé dans le DMP${event.replacedDmpUniqueId ? ', à la place de la version précédente' : ''}.`;
    case 'dmp_filing_skipped':
      return `${KIND_WORDS[event.documentKind].title} non classé dans le DMP : ${wordsOf(DMP_SKIP_WORDS, event.reason)}.`;
    case 'dmp_action_required':
      return `Classement ${KIND_WORDS[event.documentKind].of} dans le DMP en attente : il faut ${wordsOf(DMP_ACTION_WORDS, event.action)}.`;
    case 'dmp_filing_resumed':
      return `Classement ${KIND_WORDS[event.documentKind].of} dans le DMP relancé (${wordsOf(RESUMED_AFTER, event.after)}).`;
    case 'mss_sent':
      return `${PURPOSE_WORDS[event.purpose] ?? event.purpose} ${sent(event.purpose)} au médecin traitant par messagerie sécurisée (${event.recipient}).`;
    case 'mss_skipped':
      return `${PURPOSE_WORDS[event.purpose] ?? event.purpose} non ${sent(event.purpose)} au médecin traitant : ${wordsOf(MSS_SKIP_WORDS, event.reason)}.`;
    case 'reminder_sent': {
      const n = event.notification;
      const kind = KIND_WORDS[n.documentKind];
      if (n.topic && n.topic !== 'document_missing') {
        const action = n.topic.slice('dmp_'.length);
        return `Rappel : le classement ${kind.of} dans le DMP attend ${wordsOf(DMP_ACTION_WORDS, action)}.`;
      }
      return `Relance n° ${n.count} : ${kind.the} était attendu le ${formatDay(n.dueAt)}.`;
    }
    case 'escalated': {
      const n = event.notification;
      return `Coordinateur de la CPTS alerté : ${KIND_WORDS[n.documentKind].the} manque toujours après ${n.count} relance${n.count > 1 ? 's' : ''}.`;
    }
    case 'care_ended':
      return `Fin des soins le ${formatDay(event.careEndedOn)} : compte rendu attendu avant le ${formatDay(event.compteRenduDueAt)}.`;
    case 'referred': {
      const { physician, reason } = event.referral;
      return `Orientation vers ${physician.name}${physician.specialty ? ` (${physician.specialty})` : ''} : ${reason}`;
    }
    case 'medecin_traitant_changed':
      return event.medecinTraitant.declared
        ? `Médecin traitant indiqué : ${event.medecinTraitant.name}.`
        : 'Médecin traitant : aucun déclaré.';
    case 'consent_changed':
      return `Consentement au DMP : ${wordsOf(CONSENT_WORDS, event.consentementDmp)}.`;
    case 'completed':
      return 'Parcours terminé : ses documents sont reçus et partagés.';
    case 'abandoned':
      return `Parcours abandonné : ${event.reason}`;
    default:
      // A newer engine's event this page does not know yet: still shown, by its code.
      return `Événement « ${(event as { type: string }).type} ».`;
  }
}

/** Who did it, in a word: you, someone else, or the engine on its own (timers, sending, filing). */
export function actorWords(entry: HistoryEntry, myIdNatPs: string): string {
  if (entry.actor.kind === 'system') return 'automatique';
  return entry.actor.id === myIdNatPs ? 'par vous' : 'par un autre utilisateur';
}
