/**
 * The test physicians of the Annuaire Santé sandbox. Their RPPS are in the
 * fictitious 99700… test range (the test PKI's structure uses 99700000001) and
 * their mailboxes on `*.sandbox.mssante.fr` domains: shaped like the real ones
 * (every MSSanté domain ends in `.mssante.fr`), belonging to nobody. The
 * MSSanté operator sandbox creates the same mailboxes from this list.
 */

export type SandboxMailboxType = 'PER' | 'ORG' | 'APP' | 'CAB';

export interface SandboxMailbox {
  address: string;
  type: SandboxMailboxType;
  description?: string;
  /** Where the directory lists it; PractitionerRole when organizationName is given, else Practitioner. */
  via?: 'Practitioner' | 'PractitionerRole';
  /** The structure of the PractitionerRole (one role per structure). */
  organizationName?: string;
}

export interface SandboxPractitioner {
  /** 11 digits. */
  rpps: string;
  familyName: string;
  givenName: string;
  /** Civilité d'exercice (TRE_R11): DR, PR… */
  title?: 'DR' | 'PR';
  /** False: the exercice professionnel is closed. True by default. */
  active?: boolean;
  mailboxes: SandboxMailbox[];
  /** Plain contact e-mails (not MSSanté), listed in Practitioner.telecom without the MSS extensions. */
  otherEmails?: string[];
}

export const DEFAULT_SANDBOX_API_KEY = 'sandbox-esante-api-key';

export const DEFAULT_SANDBOX_PRACTITIONERS: readonly SandboxPractitioner[] = [
  {
    // Médecin généraliste with a personal mailbox, and a plain e-mail the client must ignore.
    rpps: '99700000011',
    familyName: 'MARTIN',
    givenName: 'Claire',
    title: 'DR',
    mailboxes: [
      {
        address: 'claire.martin@medecin.sandbox.mssante.fr',
        type: 'PER',
        description: 'BAL personnelle du Dr Claire MARTIN, médecin généraliste',
      },
    ],
    otherEmails: ['claire.martin@example.org'],
  },
  {
    // Only a cabinet mailbox, on the PractitionerRole of the cabinet.
    rpps: '99700000022',
    familyName: 'DURAND',
    givenName: 'Paul',
    title: 'DR',
    mailboxes: [
      {
        address: 'cabinet.durand@medecin.sandbox.mssante.fr',
        type: 'CAB',
        description: 'Cabinet médical du Dr Paul DURAND',
        organizationName: 'CABINET MEDICAL DURAND',
      },
    ],
  },
  {
    // A personal and an organisational mailbox, both at a health centre: PER wins.
    rpps: '99700000033',
    familyName: 'LEFEVRE',
    givenName: 'Sophie',
    title: 'DR',
    mailboxes: [
      {
        address: 'secretariat@cds-sandbox.sandbox.mssante.fr',
        type: 'ORG',
        description: 'Secrétariat médical du centre de santé',
        organizationName: 'CENTRE DE SANTE SANDBOX',
      },
      {
        address: 'sophie.lefevre@cds-sandbox.sandbox.mssante.fr',
        type: 'PER',
        organizationName: 'CENTRE DE SANTE SANDBOX',
      },
    ],
  },
  {
    // Retired: the exercise is closed and no mailbox is listed.
    rpps: '99700000044',
    familyName: 'PETIT',
    givenName: 'Jean',
    title: 'DR',
    active: false,
    mailboxes: [],
  },
  {
    // Practises, but has no MSSanté mailbox at all.
    rpps: '99700000055',
    familyName: 'MOREAU',
    givenName: 'Luc',
    title: 'DR',
    mailboxes: [],
    otherEmails: ['luc.moreau@example.org'],
  },
];

/** Every MSSanté mailbox of these practitioners, with its owner: what the operator sandbox creates. */
export function sandboxMssMailboxes(
  practitioners: readonly SandboxPractitioner[] = DEFAULT_SANDBOX_PRACTITIONERS,
): Array<SandboxMailbox & { rpps: string; displayName: string }> {
  return practitioners.flatMap((p) =>
    p.mailboxes.map((mailbox) => ({
      ...mailbox,
      rpps: p.rpps,
      displayName: `${p.title === 'DR' ? 'Dr ' : p.title === 'PR' ? 'Pr ' : ''}${p.givenName} ${p.familyName}`,
    })),
  );
}
