/**
 * The test professionals of the Annuaire Santé sandbox: physicians (médecins
 * traitants the engine writes to) and orthophonistes (whom a CPTS onboards by
 * RPPS). Their RPPS are in the fictitious 99700… test range (the test PKI's
 * structure uses 99700000001), but for the demo's two orthophonistes, who keep
 * the RPPS of apps/local/demo-data.ts and of the PSC sandbox; their mailboxes
 * are on `*.mssante.fr` domains, shaped like the real ones, belonging to
 * nobody. The MSSanté operator sandbox creates the physicians' mailboxes from
 * this list (the demo creates its orthophonistes' own).
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

/** A structure where a practitioner practises: a PractitionerRole, and its Organization's address. */
export interface SandboxPractice {
  /** The Organization's name; a mailbox naming the same structure is on the same PractitionerRole. */
  organizationName: string;
  city: string;
  /** 5 digits. */
  postalCode: string;
}

export interface SandboxPractitioner {
  /** 11 digits. */
  rpps: string;
  familyName: string;
  givenName: string;
  /** Civilité d'exercice (TRE_R11): DR, PR… */
  title?: 'DR' | 'PR';
  /** TRE_G15 profession: 10 médecin (the default), 91 orthophoniste… */
  professionCode?: string;
  /** False: the exercice professionnel is closed. True by default. */
  active?: boolean;
  mailboxes: SandboxMailbox[];
  /** Plain contact e-mails (not MSSanté), listed in Practitioner.telecom without the MSS extensions. */
  otherEmails?: string[];
  /**
   * Where they practise: one PractitionerRole per structure (without telecom
   * when no mailbox is there), its Organization with this address. A mailbox's
   * organizationName listed here gets its address.
   */
  practices?: SandboxPractice[];
}

export const DEFAULT_SANDBOX_API_KEY = 'sandbox-esante-api-key';

/** The médecins: the médecins traitants pathways inform. */
export const SANDBOX_PHYSICIANS: readonly SandboxPractitioner[] = [
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
    // Her cabinet has no mailbox of its own: a PractitionerRole without telecom.
    practices: [
      { organizationName: 'CABINET MEDICAL MARTIN', city: 'Bordeaux', postalCode: '33000' },
    ],
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
    practices: [
      { organizationName: 'CABINET MEDICAL DURAND', city: 'Mérignac', postalCode: '33700' },
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
    practices: [
      { organizationName: 'CENTRE DE SANTE SANDBOX', city: 'Bordeaux', postalCode: '33800' },
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
  {
    // Dr Claire MARTIN's namesake: a search by name finds both, the town tells them apart.
    rpps: '99700000066',
    familyName: 'MARTIN',
    givenName: 'Julien',
    title: 'DR',
    mailboxes: [
      {
        address: 'julien.martin@medecin.sandbox.mssante.fr',
        type: 'PER',
        description: 'BAL personnelle du Dr Julien MARTIN, médecin généraliste',
      },
    ],
    practices: [
      { organizationName: 'MAISON DE SANTE DU LIBOURNAIS', city: 'Libourne', postalCode: '33500' },
    ],
  },
];

/** An orthophoniste of the sandbox with one personal mailbox on the sandbox's orthophonistes' domain. */
function orthophoniste(
  rpps: string,
  givenName: string,
  familyName: string,
  extra: Partial<SandboxPractitioner> = {},
): SandboxPractitioner {
  const local = `${givenName}.${familyName}`
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
  return {
    rpps,
    familyName,
    givenName,
    professionCode: '91',
    mailboxes: [{ address: `${local}@ortho.sandbox.mssante.fr`, type: 'PER' }],
    ...extra,
  };
}

/**
 * The orthophonistes a CPTS onboards by RPPS. Camille LEROY and Hugo BERNARD
 * are the demo's (same RPPS, names and mailboxes as apps/local/demo-data.ts);
 * the 99700001… ones serve the tests, each test file its own, since the
 * engine keeps one practitioner per RPPS: one mailbox, two mailboxes to
 * choose from, none at all, or an exercise closed.
 */
export const SANDBOX_ORTHOPHONISTES: readonly SandboxPractitioner[] = [
  orthophoniste('10000000101', 'Camille', 'LEROY', {
    mailboxes: [
      {
        address: 'camille.leroy@ortho-demo.mssante.fr',
        type: 'PER',
        description: 'BAL personnelle de Camille LEROY, orthophoniste',
      },
    ],
  }),
  orthophoniste('10000000102', 'Hugo', 'BERNARD', {
    mailboxes: [
      {
        address: 'hugo.bernard@ortho-demo.mssante.fr',
        type: 'PER',
        description: 'BAL personnelle de Hugo BERNARD, orthophoniste',
      },
    ],
  }),
  // test/cpts-onboarding.int-spec.ts
  orthophoniste('99700000101', 'Anne', 'ROUSSEL'),
  orthophoniste('99700000112', 'Julien', 'FAURE', {
    // A personal mailbox and the MSP's: the practitioner says which one the engine writes to.
    mailboxes: [
      { address: 'julien.faure@ortho.sandbox.mssante.fr', type: 'PER' },
      {
        address: 'orthophonie@msp-coteaux.sandbox.mssante.fr',
        type: 'ORG',
        description: 'Orthophonie de la MSP des Coteaux',
        organizationName: 'MSP DES COTEAUX',
      },
    ],
  }),
  orthophoniste('99700000123', 'Inès', 'CARON', { mailboxes: [] }),
  orthophoniste('99700000134', 'Marc', 'GIRARD'),
  orthophoniste('99700000145', 'Lucie', 'BLANC'),
  orthophoniste('99700000156', 'Paul', 'MERCIER'),
  orthophoniste('99700000167', 'Emma', 'LAMBERT'),
  orthophoniste('99700000178', 'Louis', 'FONTAINE', {
    mailboxes: [
      { address: 'louis.fontaine@ortho.sandbox.mssante.fr', type: 'PER' },
      {
        address: 'cabinet.fontaine@ortho.sandbox.mssante.fr',
        type: 'CAB',
        organizationName: "CABINET D'ORTHOPHONIE FONTAINE",
      },
    ],
  }),
  orthophoniste('99700000189', 'Chloé', 'GAUTHIER', { active: false, mailboxes: [] }),
  // test/access-scoping.int-spec.ts
  orthophoniste('99700000190', 'Nina', 'PERRIN'),
  orthophoniste('99700000201', 'Théo', 'MARCHAND'),
];

export const DEFAULT_SANDBOX_PRACTITIONERS: readonly SandboxPractitioner[] = [
  ...SANDBOX_PHYSICIANS,
  ...SANDBOX_ORTHOPHONISTES,
];

/**
 * Every MSSanté mailbox of these practitioners (the physicians by default),
 * with its owner: what the operator sandbox creates.
 */
export function sandboxMssMailboxes(
  practitioners: readonly SandboxPractitioner[] = SANDBOX_PHYSICIANS,
): Array<SandboxMailbox & { rpps: string; displayName: string }> {
  return practitioners.flatMap((p) =>
    p.mailboxes.map((mailbox) => ({
      ...mailbox,
      rpps: p.rpps,
      displayName: `${p.title === 'DR' ? 'Dr ' : p.title === 'PR' ? 'Pr ' : ''}${p.givenName} ${p.familyName}`,
    })),
  );
}
