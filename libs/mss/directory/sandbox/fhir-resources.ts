import {
  type Address,
  ANNUAIRE_SANTE_SYSTEM,
  type ContactPoint,
  EMAIL_TYPE_EXTENSION,
  EMAIL_TYPE_SYSTEM,
  type Extension,
  IDENTIFIER_TYPE_SYSTEM,
  IDNAT_PS_SYSTEM,
  MAILBOX_MSS_METADATA_EXTENSION,
  MAILBOX_TYPE_SYSTEM,
  type Meta,
  type Organization,
  PROFESSION_SYSTEM,
  PROFILES,
  type Practitioner,
  type PractitionerRole,
  RPPS_SYSTEM,
} from '../fhir-types';
import type { SandboxMailbox, SandboxPractice, SandboxPractitioner } from './practitioners';

/**
 * A sandbox practitioner as the Annuaire Santé publishes one: a Practitioner
 * (as-dp-practitioner) with its idNat_PS and RPPS identifiers and the
 * mailboxes tied to the RPPS alone, one PractitionerRole (as-dp-practitionerrole)
 * per structure with the mailboxes tied to it, and those structures as
 * Organizations (as-dp-organization). Shapes follow the IG fhir-annuaire
 * examples and the API documentation (facts §3.7).
 */
export interface PublishedPractitioner {
  practitioner: Practitioner;
  roles: PractitionerRole[];
}

/** TRE_G15 display names of the professions the sandbox lists. */
const PROFESSION_NAMES: Record<string, string> = {
  '10': 'Médecin',
  '60': 'Infirmier',
  '91': 'Orthophoniste',
};

const TRE_R22_GENRE_ACTIVITE =
  'https://mos.esante.gouv.fr/NOS/TRE_R22-GenreActivite/FHIR/TRE-R22-GenreActivite';
const TRE_R23_MODE_EXERCICE =
  'https://mos.esante.gouv.fr/NOS/TRE_R23-ModeExercice/FHIR/TRE-R23-ModeExercice';

export function checkSandboxPractitioner(p: SandboxPractitioner): void {
  if (!/^[0-9]{11}$/.test(p.rpps))
    throw new Error(`sandbox practitioner: RPPS "${p.rpps}" is not 11 digits`);
  if (!p.familyName.trim() || !p.givenName.trim()) {
    throw new Error(`sandbox practitioner ${p.rpps}: family and given names are required`);
  }
  if (p.professionCode !== undefined && !/^[0-9]{2}$/.test(p.professionCode)) {
    throw new Error(
      `sandbox practitioner ${p.rpps}: profession "${p.professionCode}" is not TRE_G15`,
    );
  }
  for (const mailbox of [...p.mailboxes.map((m) => m.address), ...(p.otherEmails ?? [])]) {
    if (!/^[^@\s]+@[^@\s]+\.[a-z]{2,}$/i.test(mailbox)) {
      throw new Error(`sandbox practitioner ${p.rpps}: "${mailbox}" is not an e-mail address`);
    }
  }
  for (const practice of p.practices ?? []) {
    if (!practice.organizationName.trim() || !practice.city.trim()) {
      throw new Error(
        `sandbox practitioner ${p.rpps}: a practice needs a structure name and a city`,
      );
    }
    if (!/^[0-9]{5}$/.test(practice.postalCode)) {
      throw new Error(
        `sandbox practitioner ${p.rpps}: postal code "${practice.postalCode}" is not 5 digits`,
      );
    }
  }
  for (const mailbox of p.mailboxes) {
    if (!mailbox.address.toLowerCase().endsWith('.mssante.fr')) {
      throw new Error(
        `sandbox practitioner ${p.rpps}: MSSanté address "${mailbox.address}" is not on .mssante.fr`,
      );
    }
    if (mailbox.via === 'Practitioner' && mailbox.organizationName) {
      throw new Error(
        `sandbox practitioner ${p.rpps}: a mailbox with an organization is on a PractitionerRole`,
      );
    }
  }
}

/**
 * The resources of a sandbox practitioner. `organizationIdOf` gives the id of
 * the Organization of this name (creating it, with this address when given).
 */
export function publish(
  p: SandboxPractitioner,
  organizationIdOf: (name: string, address?: Address) => string,
  meta: () => Meta,
): PublishedPractitioner {
  const id = practitionerIdOf(p.rpps);
  const active = p.active !== false;
  const onPractitioner = p.mailboxes.filter((m) => viaOf(m) === 'Practitioner');
  const profession = p.professionCode ?? '10';
  const practitioner: Practitioner = {
    resourceType: 'Practitioner',
    id,
    meta: { ...meta(), profile: [...PROFILES.practitioner] },
    language: 'fr',
    identifier: [
      identifier(IDNAT_PS_SYSTEM, `8${p.rpps}`, 'IDNPS'),
      identifier(RPPS_SYSTEM, p.rpps, 'RPPS'),
    ],
    active,
    name: [
      {
        use: 'usual',
        family: p.familyName,
        given: [p.givenName],
        ...(p.title ? { suffix: [p.title] } : {}),
      },
    ],
    telecom: [
      ...onPractitioner.map(mailboxContactPoint),
      ...(p.otherEmails ?? []).map((value): ContactPoint => ({ system: 'email', value })),
    ],
    // The exercice professionnel: its profession, as as-dp-practitioner codes it.
    qualification: [
      {
        code: {
          coding: [
            {
              system: PROFESSION_SYSTEM,
              code: profession,
              ...(PROFESSION_NAMES[profession] ? { display: PROFESSION_NAMES[profession] } : {}),
            },
          ],
        },
      },
    ],
  };

  // One situation d'exercice per structure, in the order the mailboxes name them, then the
  // practices without a mailbox.
  const groups = new Map<string, SandboxMailbox[]>();
  for (const mailbox of p.mailboxes.filter((m) => viaOf(m) === 'PractitionerRole')) {
    const key = mailbox.organizationName ?? '';
    groups.set(key, [...(groups.get(key) ?? []), mailbox]);
  }
  const practices = new Map<string, SandboxPractice>();
  for (const practice of p.practices ?? []) {
    if (!practices.has(practice.organizationName)) {
      practices.set(practice.organizationName, practice);
    }
    if (!groups.has(practice.organizationName)) groups.set(practice.organizationName, []);
  }
  const roles = [...groups.entries()].map(
    ([organizationName, mailboxes], index): PractitionerRole => {
      const cabinet =
        mailboxes.some((m) => m.type === 'CAB') || /^CABINET\b/i.test(organizationName);
      const practice = practices.get(organizationName);
      return {
        resourceType: 'PractitionerRole',
        id: `005-${p.rpps}-${index + 1}`,
        meta: { ...meta(), profile: [...PROFILES.practitionerRole] },
        language: 'fr',
        identifier: [{ system: ANNUAIRE_SANTE_SYSTEM, value: `${p.rpps.slice(1)}${index + 1}` }],
        active,
        practitioner: { reference: `Practitioner/${id}` },
        ...(organizationName
          ? {
              organization: {
                reference: `Organization/${organizationIdOf(
                  organizationName,
                  practice ? addressOf(practice) : undefined,
                )}`,
              },
            }
          : {}),
        code: [
          { coding: [{ system: TRE_R22_GENRE_ACTIVITE, code: 'GENR01' }] },
          // Libéral in a cabinet, salarié elsewhere.
          { coding: [{ system: TRE_R23_MODE_EXERCICE, code: cabinet ? 'L' : 'S' }] },
        ],
        ...(mailboxes.length > 0 ? { telecom: mailboxes.map(mailboxContactPoint) } : {}),
      };
    },
  );
  return { practitioner, roles };
}

export function organizationResource(
  id: string,
  name: string,
  meta: Meta,
  address?: Address,
): Organization {
  return {
    resourceType: 'Organization',
    id,
    meta: { ...meta, profile: [...PROFILES.organization] },
    language: 'fr',
    active: true,
    name,
    ...(address ? { address: [address] } : {}),
  };
}

/** A practice's address as the API writes a structure's (fr-core-address). */
function addressOf(practice: SandboxPractice): Address {
  return { use: 'work', city: practice.city, postalCode: practice.postalCode };
}

export function practitionerIdOf(rpps: string): string {
  return `003-${rpps}`;
}

function viaOf(mailbox: SandboxMailbox): 'Practitioner' | 'PractitionerRole' {
  return mailbox.via ?? (mailbox.organizationName ? 'PractitionerRole' : 'Practitioner');
}

function identifier(system: string, value: string, type: string) {
  return {
    use: 'official' as const,
    type: { coding: [{ system: IDENTIFIER_TYPE_SYSTEM, code: type }] },
    system,
    value,
  };
}

/** An MSSanté mailbox as the API writes it (IG example as-practitioner-bal-per-*). */
function mailboxContactPoint(mailbox: SandboxMailbox): ContactPoint {
  const metadata: Extension[] = [
    {
      url: 'type',
      valueCodeableConcept: { coding: [{ system: MAILBOX_TYPE_SYSTEM, code: mailbox.type }] },
    },
  ];
  if (mailbox.description) metadata.push({ url: 'description', valueString: mailbox.description });
  metadata.push({ url: 'listeRouge', valueBoolean: false });
  return {
    extension: [
      { url: EMAIL_TYPE_EXTENSION, valueCoding: { system: EMAIL_TYPE_SYSTEM, code: 'MSSANTE' } },
      { url: MAILBOX_MSS_METADATA_EXTENSION, extension: metadata },
    ],
    system: 'email',
    value: mailbox.address,
  };
}
