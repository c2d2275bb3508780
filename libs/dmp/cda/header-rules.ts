import type { Element } from '@xmldom/xmldom';
import { VALUE_SETS, type ValueSets } from '../value-sets';
import { ADMINISTRATIVE_GENDER_SYSTEM, isAdministrativeGender } from './administrative-gender';
import { attr, children, descendants, path, pathOf } from './cda-dom';
import {
  CDA_TEMPLATE_IDS,
  CDA_TYPE_ID,
  DMP_CUSTODIAN_ROOT,
  HEADER_NULL_FLAVORS,
  HL7_CONFIDENTIALITY_SYSTEM,
  HL7_NAMESPACE,
  ID_NAT_PS_ROOT,
  ID_NAT_STRUCT_ROOT,
  LANGUAGE_CODE,
  REALM_CODE,
  isOid,
} from './header-profile';
import { hl7TimestampToMillis, isValidHl7Timestamp } from './hl7-time';
import { insProblem, isInsOid } from '../ins';
import { mediaTypeProblem } from '../media-types';

/**
 * The header rules the DMP depends on, beyond what the XSD can say: the CI-SIS
 * "structuration minimale" constraints (realm, templates, identifiers, INS
 * traits, professional and structure ids), the value sets of every coded
 * value the XDS metadata is derived from, and a level-1 body the DMP can take.
 * Each message names the element (path under ClinicalDocument) and what is
 * wrong with it.
 */
export function headerErrors(root: Element, valueSets: ValueSets): string[] {
  if (root.namespaceURI !== HL7_NAMESPACE || root.localName !== 'ClinicalDocument') {
    return [
      `root element: {${root.namespaceURI ?? ''}}${root.localName ?? ''}, not ClinicalDocument in ${HL7_NAMESPACE}`,
    ];
  }
  const rules = new HeaderRules(root, valueSets);
  rules.checkDocument();
  rules.checkPatient();
  rules.checkAuthors();
  rules.checkCustodian();
  rules.checkLegalAuthenticator();
  rules.checkServiceEvent();
  rules.checkRelatedDocuments();
  rules.checkEncounter();
  rules.checkBody();
  rules.checkNullFlavorsAndTimestamps();
  return rules.errors;
}

const TIMESTAMP_ELEMENTS: ReadonlySet<string> = new Set([
  'effectiveTime',
  'time',
  'birthTime',
  'low',
  'high',
  'center',
]);

class HeaderRules {
  readonly errors: string[] = [];

  constructor(
    private readonly root: Element,
    private readonly valueSets: ValueSets,
  ) {}

  private fail(where: string, problem: string): void {
    this.errors.push(`${where}: ${problem}`);
  }

  /** The single child `name` of `parent`, or undefined after saying what is wrong. */
  private one(parent: Element, name: string): Element | undefined {
    const found = children(parent, name);
    const where = parent === this.root ? name : `${pathOf(parent)}/${name}`;
    if (found.length === 0) this.fail(where, 'missing');
    else if (found.length > 1) this.fail(where, `${found.length} occurrences, 1 expected`);
    return found.length === 1 ? found[0] : undefined;
  }

  /** A coded value present, with a displayName, in its value set. */
  private coded(el: Element | undefined, setName: string): void {
    if (!el) return;
    const where = pathOf(el);
    const nullFlavor = attr(el, 'nullFlavor');
    if (nullFlavor !== undefined) {
      this.fail(where, `nullFlavor "${nullFlavor}" where a code from ${setName} is required`);
      return;
    }
    const code = attr(el, 'code');
    const codeSystem = attr(el, 'codeSystem');
    if (!code || !codeSystem) {
      this.fail(where, `@code and @codeSystem are required (value set ${setName})`);
      return;
    }
    if (!this.valueSets.has(setName, code, codeSystem)) {
      this.fail(where, `"${code}" (${codeSystem}) is not in value set ${setName}`);
    }
    if (!attr(el, 'displayName')) this.fail(where, '@displayName is missing');
  }

  /** A point in time with its @value (whose validity the sweep checks). */
  private timestamp(el: Element | undefined): void {
    if (el && attr(el, 'value') === undefined) this.fail(pathOf(el), '@value missing');
  }

  private oidRoot(el: Element | undefined): void {
    if (!el) return;
    const root = attr(el, 'root') ?? '';
    if (attr(el, 'nullFlavor') !== undefined || !isOid(root)) {
      this.fail(pathOf(el), `@root "${root}" is not an OID (64 characters at most)`);
    }
  }

  /** id of a professional: idNat_PS root and a non-empty extension. */
  private professionalId(entity: Element): void {
    const ids = children(entity, 'id');
    if (ids.length === 0) {
      this.fail(`${pathOf(entity)}/id`, 'missing');
      return;
    }
    for (const id of ids) {
      if (attr(id, 'root') !== ID_NAT_PS_ROOT || !attr(id, 'extension')) {
        this.fail(
          pathOf(id),
          `root "${attr(id, 'root') ?? ''}" extension "${attr(id, 'extension') ?? ''}": a professional is identified by idNat_PS (root ${ID_NAT_PS_ROOT}, extension "8" + RPPS)`,
        );
      }
    }
  }

  /** id of a structure: idNat_Struct root and a non-empty extension. */
  private structureId(organization: Element, extraRoots: readonly string[] = []): void {
    const id = this.one(organization, 'id');
    if (!id) return;
    const root = attr(id, 'root') ?? '';
    if (extraRoots.includes(root)) return;
    if (root !== ID_NAT_STRUCT_ROOT || !attr(id, 'extension')) {
      this.fail(
        pathOf(id),
        `root "${root}": a structure is identified by idNat_Struct (root ${ID_NAT_STRUCT_ROOT} with an extension)`,
      );
    }
  }

  checkDocument(): void {
    const { root } = this;
    const realms = children(root, 'realmCode');
    if (realms.length !== 1 || attr(realms[0], 'code') !== REALM_CODE) {
      const found = realms.map((r) => attr(r, 'code') ?? '?').join(', ') || 'none';
      this.fail('realmCode', `exactly one, code "${REALM_CODE}", expected (found: ${found})`);
    }
    const typeId = this.one(root, 'typeId');
    if (
      typeId &&
      (attr(typeId, 'root') !== CDA_TYPE_ID.root ||
        attr(typeId, 'extension') !== CDA_TYPE_ID.extension)
    ) {
      this.fail('typeId', `root ${CDA_TYPE_ID.root} extension ${CDA_TYPE_ID.extension} expected`);
    }
    const templateRoots = children(root, 'templateId').map((t) => attr(t, 'root') ?? '');
    for (const [role, oid] of [
      ['HL7 France header', CDA_TEMPLATE_IDS.hl7France],
      ['CI-SIS conformance', CDA_TEMPLATE_IDS.ciSis],
      ['IHE XDS-SD', CDA_TEMPLATE_IDS.iheXdsSd],
    ]) {
      const count = templateRoots.filter((r) => r === oid).length;
      if (count !== 1)
        this.fail(`templateId ${oid}`, `${role} template: ${count} found, 1 expected`);
    }
    if (templateRoots.length !== 3) {
      this.fail(
        'templateId',
        `a level-1 document declares exactly the three templates above, ${templateRoots.length} found`,
      );
    }
    this.oidRoot(this.one(root, 'id'));
    this.coded(this.one(root, 'code'), VALUE_SETS.typeCode);
    const title = this.one(root, 'title');
    if (title && !title.textContent?.trim()) this.fail('title', 'empty');
    this.timestamp(this.one(root, 'effectiveTime'));
    const confidentiality = this.one(root, 'confidentialityCode');
    this.coded(confidentiality, VALUE_SETS.confidentiality);
    const confidentialitySystem = confidentiality && attr(confidentiality, 'codeSystem');
    if (confidentialitySystem && confidentialitySystem !== HL7_CONFIDENTIALITY_SYSTEM) {
      this.fail(
        'confidentialityCode',
        `"${attr(confidentiality, 'code') ?? ''}" is a DMP masking code: it belongs in the XDS metadata; the CDA carries N, R or V (${HL7_CONFIDENTIALITY_SYSTEM})`,
      );
    }
    const language = this.one(root, 'languageCode');
    if (language && attr(language, 'code') !== LANGUAGE_CODE) {
      this.fail('languageCode', `"${attr(language, 'code') ?? ''}", "${LANGUAGE_CODE}" expected`);
    }
    this.oidRoot(this.one(root, 'setId'));
    const version = this.one(root, 'versionNumber');
    if (version && !/^[1-9]\d*$/.test(attr(version, 'value') ?? '')) {
      this.fail(
        'versionNumber',
        `@value "${attr(version, 'value') ?? ''}" is not a positive integer`,
      );
    }
  }

  checkPatient(): void {
    const recordTarget = this.one(this.root, 'recordTarget');
    const patientRole = recordTarget && this.one(recordTarget, 'patientRole');
    if (!patientRole) return;
    const insIds = children(patientRole, 'id').filter((id) => isInsOid(attr(id, 'root') ?? ''));
    if (insIds.length !== 1) {
      this.fail(
        'recordTarget/patientRole/id',
        `${insIds.length} identifiers with an INS OID root (1.2.250.1.213.1.4.8, .9, .10 or .11); the DMP files a document under exactly one qualified INS`,
      );
    } else {
      const problem = insProblem({
        oid: attr(insIds[0], 'root') ?? '',
        matricule: attr(insIds[0], 'extension') ?? '',
      });
      if (problem) this.fail('recordTarget/patientRole/id', problem);
    }
    const patient = this.one(patientRole, 'patient');
    if (!patient) return;
    this.checkInsTraits(patient);
  }

  /** The INS traits the structuration-minimale schematron requires with an INS. */
  private checkInsTraits(patient: Element): void {
    const where = 'recordTarget/patientRole/patient';
    const name = this.one(patient, 'name');
    if (name) {
      const families = children(name, 'family');
      const givens = children(name, 'given');
      const qualified = (parts: Element[], q: string | undefined) =>
        parts.filter((p) => attr(p, 'qualifier') === q && p.textContent?.trim());
      if (qualified(families, 'BR').length === 0) {
        this.fail(`${where}/name`, 'no birth name (family qualifier="BR")');
      }
      if (qualified(givens, undefined).length === 0) {
        this.fail(`${where}/name`, 'no birth first names (given without qualifier)');
      }
      if (qualified(givens, 'BR').length === 0) {
        this.fail(`${where}/name`, 'no first birth first name (given qualifier="BR")');
      }
      for (const part of [...families, ...givens]) {
        const qualifier = attr(part, 'qualifier');
        const allowed = part.localName === 'family' ? ['BR', 'CL'] : [undefined, 'BR', 'CL'];
        if (!allowed.includes(qualifier)) {
          this.fail(pathOf(part), `qualifier "${qualifier ?? '(none)'}" (BR or CL expected)`);
        }
      }
    }
    const gender = this.one(patient, 'administrativeGenderCode');
    if (
      gender &&
      !isAdministrativeGender(attr(gender, 'code') ?? '', attr(gender, 'codeSystem') ?? '')
    ) {
      this.fail(
        pathOf(gender),
        `"${attr(gender, 'code') ?? ''}" is not in JDV_J143 AdministrativeGender (F, M, UN of ${ADMINISTRATIVE_GENDER_SYSTEM})`,
      );
    }
    this.timestamp(this.one(patient, 'birthTime'));
    if (path(patient, 'birthplace', 'place', 'addr', 'county').length === 0) {
      this.fail(`${where}/birthplace/place/addr/county`, 'missing: an INS carries the birth place');
    }
  }

  checkAuthors(): void {
    const authors = children(this.root, 'author');
    if (authors.length === 0) this.fail('author', 'missing');
    for (const author of authors) {
      this.timestamp(this.one(author, 'time'));
      const assigned = this.one(author, 'assignedAuthor');
      if (!assigned) continue;
      this.professionalId(assigned);
      this.coded(this.one(assigned, 'code'), VALUE_SETS.authorSpecialty);
      const organization = this.one(assigned, 'representedOrganization');
      if (organization) this.structureId(organization);
    }
  }

  checkCustodian(): void {
    const custodian = this.one(this.root, 'custodian');
    const organization = custodian && path(custodian, 'assignedCustodian')[0];
    const represented = organization && this.one(organization, 'representedCustodianOrganization');
    if (custodian && !organization) this.fail('custodian/assignedCustodian', 'missing');
    if (represented) this.structureId(represented, [DMP_CUSTODIAN_ROOT]);
  }

  checkLegalAuthenticator(): void {
    const legal = this.one(this.root, 'legalAuthenticator');
    if (!legal) return;
    this.timestamp(this.one(legal, 'time'));
    const signature = this.one(legal, 'signatureCode');
    if (signature && attr(signature, 'code') !== 'S') {
      this.fail(pathOf(signature), `code "${attr(signature, 'code') ?? ''}", "S" expected`);
    }
    const entity = this.one(legal, 'assignedEntity');
    if (!entity) return;
    this.professionalId(entity);
    if (path(entity, 'assignedPerson', 'name', 'family').length === 0) {
      this.fail(`${pathOf(entity)}/assignedPerson/name/family`, 'missing');
    }
  }

  checkServiceEvent(): void {
    const documentations = children(this.root, 'documentationOf');
    if (documentations.length === 0) {
      this.fail(
        'documentationOf',
        'missing: it carries the practice setting (practiceSettingCode)',
      );
      return;
    }
    const event = this.one(documentations[0], 'serviceEvent');
    if (!event) return;
    const time = this.one(event, 'effectiveTime');
    if (time) this.checkInterval(time, true);
    const performers = children(event, 'performer');
    if (performers.length !== 1) {
      this.fail(`${pathOf(event)}/performer`, `${performers.length} found, 1 expected`);
    }
    for (const performer of performers) {
      if (attr(performer, 'typeCode') !== 'PRF') {
        this.fail(
          pathOf(performer),
          `typeCode "${attr(performer, 'typeCode') ?? ''}", "PRF" expected`,
        );
      }
      const entity = this.one(performer, 'assignedEntity');
      if (!entity) continue;
      this.professionalId(entity);
      const organization = this.one(entity, 'representedOrganization');
      if (organization) {
        this.structureId(organization);
        const practiceSetting = this.one(organization, 'standardIndustryClassCode');
        // The sweep below checks coded ones; here a practice setting is required.
        if (practiceSetting && attr(practiceSetting, 'nullFlavor') !== undefined) {
          this.coded(practiceSetting, VALUE_SETS.practiceSetting);
        }
      }
    }
    // Wherever it appears, a practice setting is one of J04.
    for (const el of descendants(this.root)) {
      if (el.localName === 'standardIndustryClassCode' && attr(el, 'nullFlavor') === undefined) {
        this.coded(el, VALUE_SETS.practiceSetting);
      }
    }
  }

  private checkInterval(interval: Element, lowRequired: boolean): void {
    const low = children(interval, 'low')[0];
    const high = children(interval, 'high')[0];
    const lowValue = low && attr(low, 'value');
    const highValue = high && attr(high, 'value');
    if (lowRequired && !lowValue) this.fail(`${pathOf(interval)}/low`, '@value missing');
    if (lowValue && highValue) {
      const from = hl7TimestampToMillis(lowValue);
      const to = hl7TimestampToMillis(highValue);
      if (from !== undefined && to !== undefined && (to < from || lowValue === highValue)) {
        this.fail(pathOf(interval), `high (${highValue}) must come after low (${lowValue})`);
      }
    }
  }

  checkRelatedDocuments(): void {
    const related = children(this.root, 'relatedDocument');
    if (related.length > 1) this.fail('relatedDocument', `${related.length} found, 1 at most`);
    const ownId = children(this.root, 'id')[0];
    for (const relation of related) {
      if (attr(relation, 'typeCode') !== 'RPLC') {
        this.fail(
          'relatedDocument',
          `typeCode "${attr(relation, 'typeCode') ?? ''}": the CI-SIS header only knows replacement (RPLC)`,
        );
      }
      const parent = this.one(relation, 'parentDocument');
      const parentId = parent && this.one(parent, 'id');
      this.oidRoot(parentId);
      if (parentId && ownId && attr(parentId, 'root') === attr(ownId, 'root')) {
        this.fail(pathOf(parentId), 'a document cannot replace itself');
      }
    }
  }

  checkEncounter(): void {
    const componentOf = this.one(this.root, 'componentOf');
    const encounter = componentOf && this.one(componentOf, 'encompassingEncounter');
    if (!encounter) return;
    const time = this.one(encounter, 'effectiveTime');
    if (time && attr(time, 'value') === undefined) this.checkInterval(time, true);
    const location = this.one(encounter, 'location');
    const facility = location && this.one(location, 'healthCareFacility');
    if (facility) this.coded(this.one(facility, 'code'), VALUE_SETS.healthcareFacilityType);
  }

  checkBody(): void {
    const component = this.one(this.root, 'component');
    if (!component) return;
    if (children(component, 'structuredBody').length > 0) {
      this.fail('component/structuredBody', 'a level-1 document has a nonXMLBody');
      return;
    }
    const body = this.one(component, 'nonXMLBody');
    const text = body && this.one(body, 'text');
    if (!text) return;
    const mediaType = attr(text, 'mediaType');
    const problem = mediaType === undefined ? '@mediaType missing' : mediaTypeProblem(mediaType);
    if (problem) this.fail(pathOf(text), problem);
    if (attr(text, 'representation') !== 'B64') {
      this.fail(
        pathOf(text),
        `representation "${attr(text, 'representation') ?? ''}", "B64" expected`,
      );
    }
    const content = (text.textContent ?? '').replace(/\s+/g, '');
    if (content.length === 0) this.fail(pathOf(text), 'the body is empty');
    else if (content.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(content)) {
      this.fail(pathOf(text), 'the body is not valid base64');
    }
  }

  /** nullFlavors the header allows, and timestamps that name a real instant. */
  checkNullFlavorsAndTimestamps(): void {
    for (const el of descendants(this.root)) {
      const nullFlavor = attr(el, 'nullFlavor');
      if (nullFlavor !== undefined && !HEADER_NULL_FLAVORS.includes(nullFlavor)) {
        this.fail(
          pathOf(el),
          `nullFlavor "${nullFlavor}" is not one the CI-SIS header allows (${HEADER_NULL_FLAVORS.join(', ')})`,
        );
      }
      const value = attr(el, 'value');
      if (
        el.localName &&
        TIMESTAMP_ELEMENTS.has(el.localName) &&
        value !== undefined &&
        !isValidHl7Timestamp(value)
      ) {
        this.fail(pathOf(el), `"${value}" is not a valid HL7 timestamp`);
      }
    }
  }
}
