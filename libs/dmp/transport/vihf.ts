import { randomUUID } from 'node:crypto';
import type { Element } from '@xmldom/xmldom';
import { idNatStructOf, subjectDn, summarizeCertificate, verifyCertificateChain } from '@app/pki';
import { SignedXml } from 'xml-crypto';
import type { DmpAuthor, DmpPatient } from '../model';
import { SAML2_ASSERTION_NAMESPACE } from './soap';
import {
  childElements,
  childNamed,
  childrenNamed,
  escapeXmlAttribute,
  escapeXmlText,
  isNamed,
  parseXml,
  rootElement,
  textOf,
} from './xml';

/**
 * The VIHF ("vecteur d'identification et d'habilitation formelles"): a SAML 2.0
 * assertion, signed with the structure's ORG SIGN certificate, that tells the
 * DMP who acts (the practitioner), for which structure, on which patient and
 * why. Built after the ANS mapping for the indirect mode (CI-SIS, volet de
 * transmission d'un document CDA-R2 en HL7v2, "Mapping VIHF pour le DMP").
 */

const HL7V3_NAMESPACE = 'urn:hl7-org:v3';
const XSI_NAMESPACE = 'http://www.w3.org/2001/XMLSchema-instance';
const DSIG_NAMESPACE = 'http://www.w3.org/2000/09/xmldsig#';
const X509_SUBJECT_NAME = 'urn:oasis:names:tc:SAML:1.1:nameid-format:X509SubjectName';

const RSA_SHA256 = 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256';
const RSA_SHA512 = 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha512';
const SHA256 = 'http://www.w3.org/2001/04/xmlenc#sha256';
const EXC_C14N = 'http://www.w3.org/2001/10/xml-exc-c14n#';
const ENVELOPED = 'http://www.w3.org/2000/09/xmldsig#enveloped-signature';

/** TRE_G15-ProfessionSante: the code system of the first role occurrence for a professional. */
export const TRE_G15_OID = '1.2.250.1.71.1.2.7';
/** TRE_R02-SecteurActivite. */
export const TRE_R02_OID = '1.2.250.1.71.4.2.4';
/**
 * TRE_R248-ModeAcces as the published VIHF example writes it ("mode acces VIHF
 * 1.0"); NOS declares TRE_R248 as 1.2.250.1.213.1.1.4.336. Which one the DMP
 * checks is unconfirmed: configurable through `purposeOfUse.codeSystem`.
 */
export const VIHF_ACCESS_MODE_OID = '1.2.250.1.213.1.1.4.248';
export const NOS_TRE_R248_OID = '1.2.250.1.213.1.1.4.336';

export const VIHF_ATTRIBUTES = {
  version: 'VIHF_Version',
  authenticationMode: 'Authentification_Mode',
  structureId: 'Identifiant_Structure',
  secteurActivite: 'Secteur_Activite',
  subjectId: 'urn:oasis:names:tc:xspa:1.0:subject:subject-id',
  role: 'urn:oasis:names:tc:xacml:2.0:subject:role',
  resourceId: 'urn:oasis:names:tc:xacml:2.0:resource:resource-id',
  resourceUrn: 'Ressource_URN',
  purposeOfUse: 'urn:oasis:names:tc:xspa:1.0:subject:purposeofuse',
  lpsId: 'LPS_ID',
  lpsName: 'LPS_Nom',
  lpsVersion: 'LPS_Version',
  lpsHomologation: 'LPS_ID_HOMOLOGATION_DMP',
} as const;

export type AccessMode = 'normal' | 'bris_de_glace' | 'centre_15';
export type AuthenticationMode = 'DIRECTE' | 'INDIRECTE' | 'DELEGUEE';

const ACCESS_MODE_NAMES: Record<AccessMode, string> = {
  normal: 'Accès normal',
  bris_de_glace: 'Accès en mode bris de glace',
  centre_15: 'Accès en mode centre de régulation',
};

/** What does not change from one call to the next: set once from configuration. */
export interface VihfOptions {
  /**
   * VIHF_Version. The ANS mapping table says "4.0", its published example
   * "3.0": take the one of the DMP integration guide the software is
   * homologated on.
   */
  version: string;
  lps: {
    /** LPS_Nom */
    name: string;
    /** LPS_Version */
    version: string;
    /** LPS_ID_HOMOLOGATION_DMP: the number the CNDA gives at homologation. */
    homologationNumber: string;
    /** LPS_ID (optional) */
    id?: string;
  };
  /** Consistent with how the user logged in; the ANS example uses `unspecified`. */
  authnContextClassRef?: string;
  purposeOfUse?: {
    /** `normal` unless an emergency mode applies. */
    code?: AccessMode;
    /** {@link VIHF_ACCESS_MODE_OID} by default; {@link NOS_TRE_R248_OID} is the other candidate. */
    codeSystem?: string;
    codeSystemName?: string;
  };
  /** Adds Conditions NotBefore/NotAfter (optional in the VIHF); none by default. */
  lifetimeSeconds?: number;
}

/** Who acts on whom, for one call. */
export interface VihfSubject {
  author: DmpAuthor;
  patient: Pick<DmpPatient, 'ins'>;
  /** When the practitioner logged in (AuthnInstant). */
  authnInstant: Date;
  /** First role occurrence; by default the author's profession in TRE_G15 (91 for an orthophoniste). */
  role?: { code: string; codeSystem: string; displayName: string };
  /** Secteur_Activite code in TRE_R02; the structure's healthcareFacilityTypeCode by default. */
  secteurActivite?: string;
}

export interface VihfSigner {
  privateKeyPem: string;
  certificatePem: string;
}

export const DEFAULT_AUTHN_CONTEXT = 'urn:oasis:names:tc:SAML:2.0:ac:classes:unspecified';

/** Display names of the TRE_G15 professions the engine meets. */
const PROFESSION_NAMES: Readonly<Record<string, string>> = { '91': 'Orthophoniste' };

/** The assertion, unsigned (signVihfAssertion signs it). */
export function buildVihfAssertion(
  subject: VihfSubject,
  options: VihfOptions,
  signingCertificatePem: string,
  now: Date = new Date(),
): string {
  const { author } = subject;
  const id = `_${randomUUID()}`;
  const role = subject.role ?? {
    code: author.professionCode,
    codeSystem: TRE_G15_OID,
    displayName: PROFESSION_NAMES[author.professionCode] ?? author.professionCode,
  };
  const accessMode = options.purposeOfUse?.code ?? 'normal';
  const attributes: [string, string][] = [
    [VIHF_ATTRIBUTES.version, text(options.version)],
    [VIHF_ATTRIBUTES.authenticationMode, 'INDIRECTE'],
    [VIHF_ATTRIBUTES.structureId, text(author.structure.idNatStruct)],
    [
      VIHF_ATTRIBUTES.secteurActivite,
      text(`${subject.secteurActivite ?? author.structure.facilityTypeCode}^${TRE_R02_OID}`),
    ],
    [VIHF_ATTRIBUTES.subjectId, text(`${author.familyName.toUpperCase()}, ${author.givenNames}`)],
    [VIHF_ATTRIBUTES.role, codedElement('Role', role)],
    [VIHF_ATTRIBUTES.resourceId, text(insAsCx(subject.patient.ins))],
    [VIHF_ATTRIBUTES.resourceUrn, 'urn:dmp'],
    [
      VIHF_ATTRIBUTES.purposeOfUse,
      codedElement('PurposeOfUse', {
        code: accessMode,
        codeSystem: options.purposeOfUse?.codeSystem ?? VIHF_ACCESS_MODE_OID,
        codeSystemName: options.purposeOfUse?.codeSystemName ?? 'mode acces VIHF 1.0',
        displayName: ACCESS_MODE_NAMES[accessMode],
      }),
    ],
    ...(options.lps.id ? [[VIHF_ATTRIBUTES.lpsId, text(options.lps.id)] as [string, string]] : []),
    [VIHF_ATTRIBUTES.lpsName, text(options.lps.name)],
    [VIHF_ATTRIBUTES.lpsVersion, text(options.lps.version)],
    [VIHF_ATTRIBUTES.lpsHomologation, text(options.lps.homologationNumber)],
  ];
  const conditions =
    options.lifetimeSeconds === undefined
      ? ''
      : `<Conditions NotBefore="${isoInstant(now)}" NotAfter="${isoInstant(
          new Date(now.getTime() + options.lifetimeSeconds * 1000),
        )}"/>`;
  return (
    `<Assertion xmlns="${SAML2_ASSERTION_NAMESPACE}" xmlns:xsi="${XSI_NAMESPACE}" ` +
    `ID="${id}" IssueInstant="${isoInstant(now)}" Version="2.0">` +
    `<Issuer Format="${X509_SUBJECT_NAME}">${text(subjectDn(signingCertificatePem))}</Issuer>` +
    `<Subject><NameID>${text(`8${author.rpps}`)}</NameID></Subject>` +
    conditions +
    `<AuthnStatement AuthnInstant="${isoInstant(subject.authnInstant)}"><AuthnContext>` +
    `<AuthnContextClassRef>${text(options.authnContextClassRef ?? DEFAULT_AUTHN_CONTEXT)}` +
    `</AuthnContextClassRef></AuthnContext></AuthnStatement>` +
    `<AttributeStatement>` +
    attributes
      .map(
        ([name, value]) =>
          `<Attribute Name="${escapeXmlAttribute(name)}"><AttributeValue>${value}</AttributeValue></Attribute>`,
      )
      .join('') +
    `</AttributeStatement></Assertion>`
  );
}

/**
 * Signs the assertion as SAML wants it: an enveloped XML-DSig signature right
 * after Issuer, exclusive c14n, RSA-SHA256 over a SHA-256 digest, the signing
 * certificate in KeyInfo.
 */
export function signVihfAssertion(assertionXml: string, signer: VihfSigner): string {
  const signature = new SignedXml({
    privateKey: signer.privateKeyPem,
    publicCert: signer.certificatePem,
    signatureAlgorithm: RSA_SHA256,
    canonicalizationAlgorithm: EXC_C14N,
  });
  signature.addReference({
    xpath: `/*[local-name(.)='Assertion' and namespace-uri(.)='${SAML2_ASSERTION_NAMESPACE}']`,
    transforms: [ENVELOPED, EXC_C14N],
    digestAlgorithm: SHA256,
  });
  signature.computeSignature(assertionXml, {
    location: {
      reference: `/*[local-name(.)='Assertion']/*[local-name(.)='Issuer']`,
      action: 'after',
    },
  });
  return signature.getSignedXml();
}

export function createSignedVihf(
  subject: VihfSubject,
  options: VihfOptions,
  signer: VihfSigner,
  now: Date = new Date(),
): string {
  return signVihfAssertion(
    buildVihfAssertion(subject, options, signer.certificatePem, now),
    signer,
  );
}

/** The patient's INS as an HL7 v2 CX: `matricule^^^&OID&ISO^NH`. */
export function insAsCx(ins: DmpPatient['ins']): string {
  return `${ins.matricule}^^^&${ins.oid}&ISO^NH`;
}

function codedElement(
  name: 'Role' | 'PurposeOfUse',
  value: { code: string; codeSystem: string; codeSystemName?: string; displayName: string },
): string {
  return (
    `<${name} xmlns="${HL7V3_NAMESPACE}" code="${escapeXmlAttribute(value.code)}" ` +
    `codeSystem="${escapeXmlAttribute(value.codeSystem)}" ` +
    (value.codeSystemName ? `codeSystemName="${escapeXmlAttribute(value.codeSystemName)}" ` : '') +
    `displayName="${escapeXmlAttribute(value.displayName)}" xsi:type="CE"/>`
  );
}

function text(value: string): string {
  return escapeXmlText(value);
}

function isoInstant(date: Date): string {
  return date.toISOString();
}

// ---------------------------------------------------------------------------
// Verification (the sandbox's side)

export type VihfErrorCode =
  | 'MALFORMED'
  | 'UNSIGNED'
  | 'INVALID_SIGNATURE'
  | 'UNTRUSTED_CERTIFICATE'
  | 'CERTIFICATE_EXPIRED'
  | 'STRUCTURE_MISMATCH'
  | 'MISSING_ATTRIBUTE'
  | 'INVALID_ATTRIBUTE'
  | 'NOT_CURRENT';

export class VihfError extends Error {
  constructor(
    readonly code: VihfErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'VihfError';
  }
}

export interface VihfClaims {
  assertionId: string;
  issueInstant: Date;
  /** The signing certificate's DN, as written in Issuer. */
  issuer: string;
  vihfVersion: string;
  authenticationMode: AuthenticationMode;
  /** Subject/NameID: the practitioner's national id ("8" + RPPS). */
  practitionerId: string;
  /** subject-id: "NOM, Prénom". */
  subjectName: string;
  structureId: string;
  secteurActivite: { code: string; codeSystem: string };
  /** First role occurrence (the profession). */
  role: { code: string; codeSystem: string; displayName?: string };
  patientIns: { matricule: string; oid: string };
  purposeOfUse: { code: AccessMode; codeSystem: string };
  lps: { name: string; version: string; homologationNumber: string; id?: string };
  authnInstant: Date;
  authnContextClassRef: string;
}

export interface VerifyVihfOptions {
  now?: Date;
  /**
   * In indirect mode the DMP refuses a structure id that is not the signing
   * certificate's; a sandbox imitating it checks the same. Off for
   * hospital-like set-ups where the certificate names the legal entity and
   * the VIHF the geographic one.
   */
  requireStructureMatch?: boolean;
  /** Tolerated clock difference with the caller; 5 minutes by default. */
  clockSkewMs?: number;
}

/**
 * Checks a VIHF as the DMP would: signature (over the whole assertion, by a
 * certificate chaining to a trusted CA and valid now), issuer, timing and
 * every required attribute. Claims are read from the signed bytes only, so
 * that an element slipped in beside the signed ones is never believed.
 */
export function verifyVihf(
  assertionXml: string,
  trustedCaPem: readonly string[],
  options: VerifyVihfOptions = {},
): VihfClaims {
  const now = options.now ?? new Date();
  const skew = options.clockSkewMs ?? 5 * 60_000;
  const assertion = parseAssertion(assertionXml);
  const assertionId = assertion.getAttribute('ID') ?? '';
  if (!assertionId) throw new VihfError('MALFORMED', 'the assertion has no ID');

  const signature = childNamed(assertion, DSIG_NAMESPACE, 'Signature');
  if (!signature) throw new VihfError('UNSIGNED', 'the assertion is not signed');
  const certificates = keyInfoCertificates(signature);
  if (certificates.length === 0) {
    throw new VihfError('INVALID_SIGNATURE', 'the signature carries no X509 certificate');
  }
  const [signingCertificate, ...sentWithIt] = certificates;
  const chain = verifyCertificateChain(signingCertificate, {
    trustedPem: trustedCaPem,
    intermediatesPem: sentWithIt,
    at: now,
  });
  if (!chain.ok) {
    throw new VihfError(
      chain.problem === 'UNTRUSTED' ? 'UNTRUSTED_CERTIFICATE' : 'CERTIFICATE_EXPIRED',
      `VIHF signing ${chain.message}`,
    );
  }

  const signed = checkSignature(assertionXml, signature, signingCertificate, assertionId);
  const claims = readClaims(signed, assertionId);

  const expectedIssuer = subjectDn(signingCertificate);
  if (claims.issuer !== expectedIssuer) {
    throw new VihfError(
      'INVALID_ATTRIBUTE',
      `Issuer "${claims.issuer}" is not the signing certificate's DN "${expectedIssuer}"`,
    );
  }
  checkTiming(signed, claims, now, skew);
  if (options.requireStructureMatch !== false && claims.authenticationMode === 'INDIRECTE') {
    const certificateStructure = idNatStructOf(signingCertificate);
    if (certificateStructure !== claims.structureId) {
      throw new VihfError(
        'STRUCTURE_MISMATCH',
        `Identifiant_Structure ${claims.structureId} is not the signing certificate's structure ` +
          `(${certificateStructure ?? 'none'})`,
      );
    }
  }
  return claims;
}

function parseAssertion(xml: string): Element {
  let root: Element;
  try {
    root = rootElement(parseXml(xml, 'VIHF assertion'));
  } catch (error) {
    throw new VihfError('MALFORMED', error instanceof Error ? error.message : String(error));
  }
  if (!isNamed(root, SAML2_ASSERTION_NAMESPACE, 'Assertion')) {
    throw new VihfError('MALFORMED', `root element ${root.localName} is not a SAML 2.0 Assertion`);
  }
  return root;
}

function keyInfoCertificates(signature: Element): string[] {
  const keyInfo = childNamed(signature, DSIG_NAMESPACE, 'KeyInfo');
  const data = keyInfo ? childrenNamed(keyInfo, DSIG_NAMESPACE, 'X509Data') : [];
  return data
    .flatMap((x509Data) => childrenNamed(x509Data, DSIG_NAMESPACE, 'X509Certificate'))
    .map((element) => textOf(element).replace(/\s+/g, ''))
    .filter((base64) => base64.length > 0)
    .map(
      (base64) =>
        `-----BEGIN CERTIFICATE-----\n${(base64.match(/.{1,64}/g) ?? []).join('\n')}\n-----END CERTIFICATE-----\n`,
    )
    .filter((pem) => {
      try {
        summarizeCertificate(pem);
        return true;
      } catch {
        return false;
      }
    });
}

/** Verifies the signature and returns the canonical bytes it covers, parsed. */
function checkSignature(
  assertionXml: string,
  signature: Element,
  certificatePem: string,
  assertionId: string,
): Element {
  const method = childNamed(signature, DSIG_NAMESPACE, 'SignedInfo');
  const algorithm = method
    ? childNamed(method, DSIG_NAMESPACE, 'SignatureMethod')?.getAttribute('Algorithm')
    : undefined;
  if (algorithm !== RSA_SHA256 && algorithm !== RSA_SHA512) {
    throw new VihfError(
      'INVALID_SIGNATURE',
      `signature algorithm ${algorithm ?? 'none'} is not accepted`,
    );
  }
  const verifier = new SignedXml({ publicCert: certificatePem });
  let valid: boolean;
  try {
    verifier.loadSignature(signature);
    valid = verifier.checkSignature(assertionXml);
  } catch (error) {
    throw new VihfError(
      'INVALID_SIGNATURE',
      `the signature cannot be verified: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  if (!valid)
    throw new VihfError('INVALID_SIGNATURE', 'the signature does not match the assertion');
  const references = verifier.getReferences();
  if (references.length !== 1 || references[0].uri !== `#${assertionId}`) {
    throw new VihfError('INVALID_SIGNATURE', 'the signature does not cover the whole assertion');
  }
  const signedXml = verifier.getSignedReferences()[0];
  if (!signedXml) throw new VihfError('INVALID_SIGNATURE', 'no signed content');
  return parseAssertion(signedXml);
}

function readClaims(assertion: Element, expectedId: string): VihfClaims {
  if (assertion.getAttribute('ID') !== expectedId) {
    throw new VihfError('INVALID_SIGNATURE', 'the signed element is not the assertion');
  }
  const issuerElement = required(assertion, 'Issuer');
  if (issuerElement.getAttribute('Format') !== X509_SUBJECT_NAME) {
    throw new VihfError('INVALID_ATTRIBUTE', `Issuer Format must be ${X509_SUBJECT_NAME}`);
  }
  const subject = required(assertion, 'Subject');
  const practitionerId = nonEmpty(textOf(required(subject, 'NameID')), 'Subject/NameID');
  const authn = required(assertion, 'AuthnStatement');
  const authnContext = required(authn, 'AuthnContext');
  const attributes = attributeMap(required(assertion, 'AttributeStatement'));
  const value = (name: string): string => {
    const values = attributes.get(name);
    if (!values || values.length === 0) {
      throw new VihfError('MISSING_ATTRIBUTE', `VIHF attribute ${name} is missing`);
    }
    return nonEmpty(textOf(values[0]), name);
  };
  const coded = (name: string, elementName: string): Element => {
    const values = attributes.get(name);
    const element = values?.[0] ? childElements(values[0])[0] : undefined;
    if (!element) throw new VihfError('MISSING_ATTRIBUTE', `VIHF attribute ${name} is missing`);
    if (!isNamed(element, HL7V3_NAMESPACE, elementName)) {
      throw new VihfError(
        'INVALID_ATTRIBUTE',
        `VIHF attribute ${name} must hold an HL7 ${elementName}`,
      );
    }
    for (const attribute of ['code', 'codeSystem']) {
      if (!element.getAttribute(attribute)) {
        throw new VihfError('INVALID_ATTRIBUTE', `${elementName} of ${name} has no ${attribute}`);
      }
    }
    return element;
  };

  const authenticationMode = value(VIHF_ATTRIBUTES.authenticationMode);
  if (!['DIRECTE', 'INDIRECTE', 'DELEGUEE'].includes(authenticationMode)) {
    throw invalid(VIHF_ATTRIBUTES.authenticationMode, authenticationMode);
  }
  const secteur = /^([^^]+)\^([0-9.]+)$/.exec(value(VIHF_ATTRIBUTES.secteurActivite));
  if (!secteur) throw invalid(VIHF_ATTRIBUTES.secteurActivite, 'not code^OID');
  const ins = /^([^^]+)\^\^\^&([0-9.]+)&ISO\^NH$/.exec(value(VIHF_ATTRIBUTES.resourceId));
  if (!ins) throw invalid(VIHF_ATTRIBUTES.resourceId, 'not matricule^^^&OID&ISO^NH');
  const resourceUrn = value(VIHF_ATTRIBUTES.resourceUrn);
  if (resourceUrn !== 'urn:dmp') throw invalid(VIHF_ATTRIBUTES.resourceUrn, resourceUrn);
  const role = coded(VIHF_ATTRIBUTES.role, 'Role');
  const purpose = coded(VIHF_ATTRIBUTES.purposeOfUse, 'PurposeOfUse');
  const purposeCode = purpose.getAttribute('code') ?? '';
  if (!(purposeCode in ACCESS_MODE_NAMES)) throw invalid(VIHF_ATTRIBUTES.purposeOfUse, purposeCode);
  const lpsId = attributes.get(VIHF_ATTRIBUTES.lpsId)?.[0];

  return {
    assertionId: expectedId,
    issueInstant: instant(assertion.getAttribute('IssueInstant'), 'IssueInstant'),
    issuer: textOf(issuerElement),
    vihfVersion: value(VIHF_ATTRIBUTES.version),
    authenticationMode: authenticationMode as AuthenticationMode,
    practitionerId,
    subjectName: value(VIHF_ATTRIBUTES.subjectId),
    structureId: value(VIHF_ATTRIBUTES.structureId),
    secteurActivite: { code: secteur[1], codeSystem: secteur[2] },
    role: {
      code: role.getAttribute('code') ?? '',
      codeSystem: role.getAttribute('codeSystem') ?? '',
      displayName: role.getAttribute('displayName') ?? undefined,
    },
    patientIns: { matricule: ins[1], oid: ins[2] },
    purposeOfUse: {
      code: purposeCode as AccessMode,
      codeSystem: purpose.getAttribute('codeSystem') ?? '',
    },
    lps: {
      name: value(VIHF_ATTRIBUTES.lpsName),
      version: value(VIHF_ATTRIBUTES.lpsVersion),
      homologationNumber: value(VIHF_ATTRIBUTES.lpsHomologation),
      ...(lpsId && textOf(lpsId) ? { id: textOf(lpsId) } : {}),
    },
    authnInstant: instant(authn.getAttribute('AuthnInstant'), 'AuthnInstant'),
    authnContextClassRef: nonEmpty(
      textOf(required(authnContext, 'AuthnContextClassRef')),
      'AuthnContextClassRef',
    ),
  };
}

function checkTiming(assertion: Element, claims: VihfClaims, now: Date, skew: number): void {
  if (claims.issueInstant.getTime() > now.getTime() + skew) {
    throw new VihfError('NOT_CURRENT', 'IssueInstant is in the future');
  }
  const conditions = childNamed(assertion, SAML2_ASSERTION_NAMESPACE, 'Conditions');
  if (!conditions) return;
  if (childNamed(conditions, SAML2_ASSERTION_NAMESPACE, 'AudienceRestriction')) {
    throw new VihfError('INVALID_ATTRIBUTE', 'Conditions/AudienceRestriction must not be filled');
  }
  const notBefore = conditions.getAttribute('NotBefore');
  const notAfter = conditions.getAttribute('NotAfter');
  if (notBefore && instant(notBefore, 'NotBefore').getTime() > now.getTime() + skew) {
    throw new VihfError('NOT_CURRENT', 'the assertion is not valid yet (NotBefore)');
  }
  if (notAfter && instant(notAfter, 'NotAfter').getTime() < now.getTime() - skew) {
    throw new VihfError('NOT_CURRENT', 'the assertion has expired (NotAfter)');
  }
}

function attributeMap(statement: Element): Map<string, Element[]> {
  const map = new Map<string, Element[]>();
  for (const attribute of childrenNamed(statement, SAML2_ASSERTION_NAMESPACE, 'Attribute')) {
    const name = attribute.getAttribute('Name') ?? '';
    map.set(name, [
      ...(map.get(name) ?? []),
      ...childrenNamed(attribute, SAML2_ASSERTION_NAMESPACE, 'AttributeValue'),
    ]);
  }
  return map;
}

function required(parent: Element, localName: string): Element {
  const element = childNamed(parent, SAML2_ASSERTION_NAMESPACE, localName);
  if (!element) throw new VihfError('MISSING_ATTRIBUTE', `the assertion has no ${localName}`);
  return element;
}

function nonEmpty(value: string, name: string): string {
  if (!value) throw new VihfError('MISSING_ATTRIBUTE', `VIHF ${name} is empty`);
  return value;
}

function instant(value: string | null, name: string): Date {
  const date = value ? new Date(value) : undefined;
  if (!date || Number.isNaN(date.getTime())) {
    throw new VihfError('INVALID_ATTRIBUTE', `${name} is not an xs:dateTime`);
  }
  return date;
}

function invalid(name: string, value: string): VihfError {
  return new VihfError(
    'INVALID_ATTRIBUTE',
    `VIHF attribute ${name} has an invalid value (${value})`,
  );
}
