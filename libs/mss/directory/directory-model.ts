import {
  type Address,
  type Bundle,
  type ContactPoint,
  EMAIL_TYPE_EXTENSION,
  type Extension,
  type FhirResource,
  type HumanName,
  IDNAT_PS_SYSTEM,
  MAILBOX_MSS_METADATA_EXTENSION,
  MAILBOX_TYPE_SYSTEM,
  type Organization,
  type Practitioner,
  type PractitionerRole,
  RPPS_SYSTEM,
} from './fhir-types';
import { uniqueByAddress } from '../address';

/**
 * What the engine keeps of an Annuaire Santé answer: who the practitioner is
 * and every MSSanté mailbox the directory lists for them. Pure functions over
 * parsed JSON; the HTTP side is in annuaire-client.ts.
 */

/** TRE_R257-TypeBAL (JDV_J139): personal, cabinet, organisational, applicative. */
export type MailboxType = 'PER' | 'CAB' | 'ORG' | 'APP' | 'UNKNOWN';

export interface DirectoryMailbox {
  address: string;
  /** From the as-ext-mailbox-mss-metadata `type`; UNKNOWN when absent or not a TRE_R257 code. */
  type: MailboxType;
  description?: string;
  /** Practitioner: tied to the RPPS only; PractitionerRole: tied to RPPS + a structure. */
  source: 'Practitioner' | 'PractitionerRole';
  /** The structure of the PractitionerRole, when the directory says which. */
  organizationName?: string;
  /** False when the situation d'exercice (PractitionerRole) carrying it is closed. */
  active: boolean;
  /** The metadata's `digitization` flag (accepts paperless documents), when given. */
  digitization?: boolean;
  /** ContactPoint.rank: 1 is the most preferred. */
  rank?: number;
}

export interface DirectoryPractitioner {
  /** The directory's technical id (Practitioner.id). */
  id: string;
  rpps: string;
  /** idNat_PS, "8" + RPPS. */
  idNatPs: string;
  /** False when the exercice professionnel is closed. */
  active: boolean;
  familyName?: string;
  givenNames: string[];
  /** Civilité d'exercice (DR, PR…), when given. */
  title?: string;
  /** e.g. "Dr Claire MARTIN". */
  displayName: string;
  mailboxes: DirectoryMailbox[];
}

/** A structure where a physician practises (the Organization of one of their PractitionerRoles). */
export interface DirectoryPlace {
  name: string;
  city: string | null;
  postalCode: string | null;
}

/**
 * A médecin as a search of the directory lists them, for someone choosing a
 * médecin traitant: who they are, the MSSanté address the engine would write
 * to (chooseMailbox), and where they practise.
 */
export interface DirectoryPhysician {
  rpps: string;
  /** e.g. "Dr Claire MARTIN". */
  displayName: string;
  /** False when the exercice professionnel is closed. */
  active: boolean;
  /** The mailbox chooseMailbox picks; null when there is none, or the exercise is closed. */
  mssAddress: string | null;
  /** The structures of their open situations d'exercice, in the directory's order. */
  places: DirectoryPlace[];
}

const MAILBOX_TYPES: ReadonlySet<string> = new Set(['PER', 'CAB', 'ORG', 'APP']);
/** Every MSSanté domain ends so (facts §3.2). */
const MSSANTE_DOMAIN_SUFFIX = '.mssante.fr';

/** An 11-digit RPPS from an RPPS or an idNat_PS ("8" + RPPS); undefined for anything else. */
export function rppsOf(input: string): string | undefined {
  const value = input.trim();
  if (/^[0-9]{11}$/.test(value)) return value;
  if (/^8[0-9]{11}$/.test(value)) return value.slice(1);
  return undefined;
}

/** The resources of one or more searchset pages, in order, whatever their search mode. */
export function resourcesOf(bundles: readonly Bundle[]): FhirResource[] {
  const resources: FhirResource[] = [];
  for (const bundle of bundles) {
    for (const entry of Array.isArray(bundle.entry) ? bundle.entry : []) {
      const resource: unknown = isRecord(entry) ? entry.resource : undefined;
      if (isRecord(resource) && typeof resource.resourceType === 'string') {
        resources.push(resource as unknown as FhirResource);
      }
    }
  }
  return resources;
}

/**
 * The practitioner with this RPPS among the resources of a search, with the
 * mailboxes of its Practitioner and of its PractitionerRoles (from a
 * `_revinclude` or a separate search), or undefined when none has this RPPS.
 * Several matches (a practitioner listed twice) prefer the active one.
 */
export function practitionerFromResources(
  resources: readonly FhirResource[],
  rpps: string,
): DirectoryPractitioner | undefined {
  const candidates = resources.filter(
    (r): r is Practitioner => r.resourceType === 'Practitioner' && hasRpps(r, rpps),
  );
  const practitioner = candidates.find((p) => p.active !== false) ?? candidates[0];
  if (!practitioner) return undefined;

  const id = typeof practitioner.id === 'string' ? practitioner.id : '';
  const roles = resources.filter(
    (r): r is PractitionerRole =>
      r.resourceType === 'PractitionerRole' &&
      id !== '' &&
      refersTo(r.practitioner, 'Practitioner', id),
  );
  const organizations = new Map<string, Organization>();
  for (const r of resources) {
    if (r.resourceType === 'Organization' && typeof r.id === 'string') organizations.set(r.id, r);
  }

  const mailboxes: DirectoryMailbox[] = [
    ...mssMailboxesOf(practitioner.telecom, { source: 'Practitioner', active: true }),
  ];
  for (const role of roles) {
    mailboxes.push(
      ...mssMailboxesOf(role.telecom, {
        source: 'PractitionerRole',
        active: role.active !== false,
        organizationName: organizationNameOf(role, organizations),
      }),
    );
  }

  const name = chooseName(practitioner.name);
  const familyName = nonEmpty(name?.family);
  const givenNames = (Array.isArray(name?.given) ? name.given : []).filter(
    (g): g is string => typeof g === 'string' && g.trim() !== '',
  );
  const title = nonEmpty(Array.isArray(name?.suffix) ? name.suffix[0] : undefined);
  return {
    id,
    rpps,
    idNatPs: `8${rpps}`,
    active: practitioner.active !== false,
    ...(familyName ? { familyName } : {}),
    givenNames,
    ...(title ? { title } : {}),
    displayName: displayNameOf(title, givenNames, familyName, name?.text) ?? `RPPS ${rpps}`,
    // The Practitioner's own mailbox comes first, and is the one kept.
    mailboxes: uniqueByAddress(mailboxes),
  };
}

/**
 * The MSSanté mailboxes among a resource's telecom. An e-mail is an MSSanté
 * mailbox when its fr-core-contact-point-email-type says MSSANTE; one that says
 * another messaging type is not. With no such extension (older data, as in
 * the IG's own examples) the as-ext-mailbox-mss-metadata extension, or else
 * an address on an `.mssante.fr` domain, decides: every MSSanté domain ends
 * so, and a plain contact e-mail never does.
 */
export function mssMailboxesOf(
  telecom: unknown,
  context: Pick<DirectoryMailbox, 'source' | 'active' | 'organizationName'>,
): DirectoryMailbox[] {
  if (!Array.isArray(telecom)) return [];
  const mailboxes: DirectoryMailbox[] = [];
  for (const item of telecom as unknown[]) {
    if (!isRecord(item)) continue;
    const contact = item as ContactPoint;
    const address = typeof contact.value === 'string' ? contact.value.trim() : '';
    if (contact.system !== 'email' || !address.includes('@')) continue;
    const extensions = Array.isArray(contact.extension) ? contact.extension.filter(isRecord) : [];
    const emailType = extensionOf(extensions, EMAIL_TYPE_EXTENSION);
    const metadata = extensionOf(extensions, MAILBOX_MSS_METADATA_EXTENSION);
    const typeCode = emailType?.valueCoding?.code ?? emailType?.valueCode;
    const isMss =
      typeof typeCode === 'string'
        ? typeCode.toUpperCase() === 'MSSANTE'
        : metadata !== undefined || address.toLowerCase().endsWith(MSSANTE_DOMAIN_SUFFIX);
    if (!isMss) continue;

    const parts = Array.isArray(metadata?.extension) ? metadata.extension.filter(isRecord) : [];
    const description = nonEmpty(extensionOf(parts, 'description')?.valueString);
    const digitization = extensionOf(parts, 'digitization')?.valueBoolean;
    mailboxes.push({
      address,
      type: mailboxTypeOf(extensionOf(parts, 'type')),
      ...(description ? { description } : {}),
      source: context.source,
      ...(context.organizationName ? { organizationName: context.organizationName } : {}),
      active: context.active,
      ...(typeof digitization === 'boolean' ? { digitization } : {}),
      ...(typeof contact.rank === 'number' ? { rank: contact.rank } : {}),
    });
  }
  return mailboxes;
}

/**
 * The mailbox to write to about a patient of this médecin traitant, or
 * undefined. Only mailboxes of open situations d'exercice count. Order:
 *  1. PER — read by the physician alone, so the compte-rendu reaches the one
 *     person it is addressed to, and it follows them from structure to structure;
 *  2. CAB — the liberal cabinet's mailbox, read within the physician's own practice;
 *  3. ORG — a service or team mailbox (secretariat), which still reaches the
 *     physician but through other people: acceptable, last among human-read ones;
 *  4. UNKNOWN — an MSSanté mailbox without a type (older data, mostly PER);
 *  5. APP — a software mailbox: MSSanté still delivers, but nobody may read it.
 * Then a mailbox on the Practitioner (tied to the RPPS only) before one on a
 * PractitionerRole, then the telecom rank, then the directory's order.
 */
export function chooseMailbox(
  mailboxes: readonly DirectoryMailbox[],
): DirectoryMailbox | undefined {
  const order: readonly MailboxType[] = ['PER', 'CAB', 'ORG', 'UNKNOWN', 'APP'];
  const score = (m: DirectoryMailbox) => [
    order.indexOf(m.type),
    m.source === 'Practitioner' ? 0 : 1,
    m.rank ?? Number.MAX_SAFE_INTEGER,
  ];
  return mailboxes
    .map((mailbox, index) => ({ mailbox, key: [...score(mailbox), index] }))
    .filter(({ mailbox }) => mailbox.active)
    .sort((a, b) => compareKeys(a.key, b.key))[0]?.mailbox;
}

/** The `Organization/<id>` references of roles whose mailboxes have no organization name yet. */
export function unnamedOrganizationIds(
  resources: readonly FhirResource[],
  practitionerId: string,
): string[] {
  const known = new Set(
    resources.filter((r) => r.resourceType === 'Organization').map((r) => r.id),
  );
  const ids = new Set<string>();
  for (const r of resources) {
    if (
      r.resourceType !== 'PractitionerRole' ||
      !refersTo(r.practitioner, 'Practitioner', practitionerId)
    ) {
      continue;
    }
    if (mssMailboxesOf(r.telecom, { source: 'PractitionerRole', active: true }).length === 0)
      continue;
    if (nonEmpty(r.organization?.display)) continue;
    const id = referencedId(r.organization, 'Organization');
    if (id && !known.has(id)) ids.add(id);
  }
  return [...ids];
}

/**
 * The RPPS a Practitioner carries: its RPPS identifier, else its idNat_PS
 * ("8" + RPPS), else an 11-digit identifier of another system (older data), as
 * practitionerFromResources reads them; undefined when it has none.
 */
export function rppsOfPractitioner(practitioner: Practitioner): string | undefined {
  const identifiers = (Array.isArray(practitioner.identifier) ? practitioner.identifier : [])
    .filter(isRecord)
    .filter((i) => typeof i.value === 'string')
    .map((i) => ({ system: i.system, value: (i.value as string).trim() }));
  const rpps = identifiers.find((i) => i.system === RPPS_SYSTEM && /^[0-9]{11}$/.test(i.value));
  if (rpps) return rpps.value;
  const idNatPs = identifiers.find(
    (i) => (i.system === undefined || i.system === IDNAT_PS_SYSTEM) && /^8[0-9]{11}$/.test(i.value),
  );
  if (idNatPs) return idNatPs.value.slice(1);
  return identifiers.find((i) => i.system !== IDNAT_PS_SYSTEM && /^[0-9]{11}$/.test(i.value))
    ?.value;
}

/**
 * Where the practitioner with this directory id practises: the structure of
 * each open PractitionerRole (named by the reference's display, a contained
 * Organization or one among the resources), with the city and postal code of
 * that Organization's address when known. A role whose structure has no name
 * is left out; a structure listed twice once.
 */
export function placesOf(
  resources: readonly FhirResource[],
  practitionerId: string,
): DirectoryPlace[] {
  const organizations = organizationsById(resources);
  const places = new Map<string, DirectoryPlace>();
  for (const role of rolesOf(resources, practitionerId)) {
    if (role.active === false) continue;
    const name = organizationNameOf(role, organizations);
    if (!name) continue;
    const address = addressOf(organizationOf(role, organizations));
    const place: DirectoryPlace = {
      name,
      city: nonEmpty(address?.city) ?? null,
      postalCode: nonEmpty(address?.postalCode) ?? null,
    };
    const key = [place.name, place.city, place.postalCode].join('|').toLowerCase();
    if (!places.has(key)) places.set(key, place);
  }
  return [...places.values()];
}

/**
 * The `Organization/<id>` references of these practitioners' open roles that
 * are not among the resources: what to ask for to know where they practise.
 */
export function missingOrganizationIds(
  resources: readonly FhirResource[],
  practitionerIds: readonly string[],
): string[] {
  const known = organizationsById(resources);
  const ids = new Set<string>();
  for (const practitionerId of practitionerIds) {
    for (const role of rolesOf(resources, practitionerId)) {
      if (role.active === false) continue;
      const id = referencedId(role.organization, 'Organization');
      if (id && !known.has(id)) ids.add(id);
    }
  }
  return [...ids];
}

function rolesOf(resources: readonly FhirResource[], practitionerId: string): PractitionerRole[] {
  return resources.filter(
    (r): r is PractitionerRole =>
      r.resourceType === 'PractitionerRole' &&
      practitionerId !== '' &&
      refersTo(r.practitioner, 'Practitioner', practitionerId),
  );
}

function organizationsById(resources: readonly FhirResource[]): Map<string, Organization> {
  const organizations = new Map<string, Organization>();
  for (const r of resources) {
    if (r.resourceType === 'Organization' && typeof r.id === 'string') organizations.set(r.id, r);
  }
  return organizations;
}

/** The role's Organization: contained (`#id`) or among the resources. */
function organizationOf(
  role: PractitionerRole,
  organizations: ReadonlyMap<string, Organization>,
): Organization | undefined {
  const reference = role.organization;
  const ref =
    isRecord(reference) && typeof reference.reference === 'string' ? reference.reference : '';
  if (ref === '') return undefined;
  if (ref.startsWith('#')) {
    const contained = (Array.isArray(role.contained) ? role.contained : []).find(
      (c) => isRecord(c) && c.resourceType === 'Organization' && c.id === ref.slice(1),
    );
    return contained?.resourceType === 'Organization' ? contained : undefined;
  }
  const id = referencedId(reference, 'Organization');
  return id ? organizations.get(id) : undefined;
}

/** The structure's address: a work address with a city first, then any with a city, then the first. */
function addressOf(organization: Organization | undefined): Address | undefined {
  const addresses = Array.isArray(organization?.address)
    ? organization.address.filter(isRecord)
    : [];
  const withCity = addresses.filter((a) => nonEmpty(a.city) !== undefined);
  return withCity.find((a) => a.use === 'work') ?? withCity[0] ?? addresses[0];
}

function hasRpps(practitioner: Practitioner, rpps: string): boolean {
  const identifiers = Array.isArray(practitioner.identifier) ? practitioner.identifier : [];
  return identifiers.some((identifier) => {
    if (!isRecord(identifier) || typeof identifier.value !== 'string') return false;
    const value = identifier.value.trim();
    const system = identifier.system;
    // The RPPS under its own system (https://rpps.esante.gouv.fr; older data: another or none, and only
    // an RPPS has 11 digits), or the idNat_PS "8" + RPPS.
    if (value === rpps) return system !== IDNAT_PS_SYSTEM;
    if (value === `8${rpps}`) return system === undefined || system === IDNAT_PS_SYSTEM;
    return false;
  });
}

function organizationNameOf(
  role: PractitionerRole,
  organizations: ReadonlyMap<string, Organization>,
): string | undefined {
  const reference = role.organization;
  if (!isRecord(reference)) return undefined;
  const display = nonEmpty(reference.display);
  if (display) return display;
  const ref = typeof reference.reference === 'string' ? reference.reference : '';
  if (ref.startsWith('#')) {
    const contained = (Array.isArray(role.contained) ? role.contained : []).find(
      (c) => isRecord(c) && c.resourceType === 'Organization' && c.id === ref.slice(1),
    );
    return contained?.resourceType === 'Organization' ? nonEmpty(contained.name) : undefined;
  }
  const id = referencedId(reference, 'Organization');
  return id ? nonEmpty(organizations.get(id)?.name) : undefined;
}

function refersTo(reference: unknown, type: string, id: string): boolean {
  return referencedId(reference, type) === id;
}

/** The id in `Type/id`, `[base]/Type/id` or `Type/id/_history/n`. */
function referencedId(reference: unknown, type: string): string | undefined {
  if (!isRecord(reference) || typeof reference.reference !== 'string') return undefined;
  const segments = reference.reference.split('?')[0].split('/');
  const at = segments.lastIndexOf(type);
  return at >= 0 && segments[at + 1] ? segments[at + 1] : undefined;
}

function mailboxTypeOf(extension: Extension | undefined): MailboxType {
  const codings = extension?.valueCodeableConcept?.coding;
  const coding = Array.isArray(codings)
    ? (codings.find((c) => isRecord(c) && c.system === MAILBOX_TYPE_SYSTEM) ??
      codings.find((c) => isRecord(c) && typeof c.code === 'string'))
    : undefined;
  const code = (coding?.code ?? extension?.valueCoding?.code ?? extension?.valueCode ?? '')
    .toString()
    .trim()
    .toUpperCase();
  return MAILBOX_TYPES.has(code) ? (code as MailboxType) : 'UNKNOWN';
}

function extensionOf(extensions: readonly Extension[], url: string): Extension | undefined {
  return extensions.find((e) => e.url === url);
}

function chooseName(names: HumanName[] | undefined): HumanName | undefined {
  const list = Array.isArray(names) ? names.filter(isRecord) : [];
  return list.find((n) => n.use === 'usual') ?? list.find((n) => n.use === 'official') ?? list[0];
}

function displayNameOf(
  title: string | undefined,
  given: readonly string[],
  family: string | undefined,
  text: string | undefined,
): string | undefined {
  const titles: Record<string, string> = { DR: 'Dr', PR: 'Pr' };
  const parts = [title ? (titles[title.toUpperCase()] ?? title) : undefined, ...given, family];
  const joined = parts.filter((p) => p !== undefined && p !== '').join(' ');
  return given.length > 0 || family ? joined : nonEmpty(text);
}

function compareKeys(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < a.length; i++) {
    if (a[i] !== b[i]) return a[i] - b[i];
  }
  return 0;
}

function nonEmpty(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

export function isRecord(
  value: unknown,
): value is Record<string, unknown> & { [key: string]: unknown } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
