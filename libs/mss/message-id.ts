import { createHash } from 'node:crypto';

/**
 * The Message-ID of the message a pathway step sends: the same for every
 * attempt of that step, so that a retry can recognise a message the operator
 * already accepted (see MssClient.send). `purpose` names the step
 * (`bilan_initial`, `reminder`…) and `key` what makes it unique (the document's
 * or notification's id); the hash keeps ids opaque and of fixed length.
 */
export function stepMessageId(purpose: string, key: string, senderDomain: string): string {
  const digest = createHash('sha256').update(`${purpose}\u0000${key}`).digest('hex').slice(0, 32);
  const label = purpose.toLowerCase().replace(/[^a-z0-9-]+/g, '-');
  return `<acces-direct.${label}.${digest}@${senderDomain.toLowerCase()}>`;
}

/** `<id@host>` → `id@host`: the form SMTP's ENVID and IMAP searches compare. */
export function bareMessageId(messageId: string): string {
  return messageId.trim().replace(/^<|>$/g, '');
}

/** `id@host` or `<id@host>` → `<id@host>`. */
export function bracketedMessageId(messageId: string): string {
  return `<${bareMessageId(messageId)}>`;
}
