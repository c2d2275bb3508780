import { simpleParser } from 'mailparser';

/** What a person wrote in a message: its subject and text, decoded. */
export interface WrittenMessage {
  subject: string;
  text: string;
}

/**
 * The subject and text a person wrote in a message (a patient's reply), as
 * mailparser decodes them (transfer encodings, charsets, RFC 2047 words); the
 * text is the plain part, or the HTML part as text when there is no plain
 * one. Kept whole, quoted lines included: it is correspondence about care,
 * not to be trimmed by guesswork.
 */
export async function writtenMessage(raw: Buffer): Promise<WrittenMessage> {
  const parsed = await simpleParser(raw, { skipImageLinks: true, skipTextLinks: true });
  const text = parsed.text ?? (typeof parsed.html === 'string' ? parsed.html : '');
  return {
    subject: parsed.subject ?? '',
    text: text.replace(/\r\n/g, '\n').trimEnd(),
  };
}
