/**
 * Everything the engine knows about the wire protocol of the CNAM INSi
 * téléservice, in one place so that a correction from the CNAM integration
 * guide (GIE SESAM-Vitale "Espace industriels", not public) is made here
 * only. Each constant names its source; "UNCONFIRMED" marks a choice no
 * public source settles.
 *
 * Sources, abbreviated below:
 * - [WSDL] the CNAM WSDL "ServiceIdentiteCertifiee-v1" (DESIR_ICIR_EXP_1.5.0),
 *   as shipped by an open-source client authorised by the CNDA:
 *   https://github.com/padoa/tlsi-ins/blob/12ef794a663bc6c30fd430b6cdeaa8b47daeb765/src/wsdl/DESIR_ICIR_EXP_1.5.0.wsdl
 * - [XSD-*] the schemas it imports, same repository and commit, under
 *   src/wsdl/xsd/: ServiceIdentiteCertifiee/INSi_RECSANS_INS.xsd,
 *   ServiceIdentiteCertifiee/INSi_RECVITALE_INS.xsd,
 *   ServiceIdentiteCertifiee/INSi_RESULTAT_INS.xsd,
 *   CTX/ROOT_ctxbam_CTXBAM_V01_02.xsd, CTX/ROOT_ctxlps_CTXLPS_V01_00.xsd,
 *   schema_faultSOAP_V01_01.xsd.
 * - [PADOA] that client's code, requests and recorded answers of the CNAM
 *   test service (same commit): src/ins/insi-client.service.ts,
 *   src/ins/fixtures/persons/adrtrois-dominique.fixture.ts,
 *   src/ins/fixtures/TEST_2.04_cas2.xml, src/ins/fixtures/REP_CR01.xml,
 *   src/ins/fixtures/service-errors/siram_100-desir_500-fake-idam.fixtures.ts,
 *   src/ins/utils/insi-helper.test.ts, README.md, script/verify-certificate.ts;
 *   at commit 38b2d8b7ceffbf44b892f9d10d541a3349678374:
 *   src/ins/test/insi-client.test.ts; at commit
 *   9382f95d1ec489cde1583d3e13ecdfe76dd89c82: src/tryouts.test.ts.
 * - [BRETAGNE] https://esante-bretagne.fr/segur/sanitaire/identite-nationale-de-sante-ins/la-gestion-de-lins
 *   (return codes 00/01/02 and what to do on 02), facts.md §2.4.
 */

// ---------------------------------------------------------------------------
// Envelope and namespaces

/** SOAP 1.2: [WSDL] binds with soap12:binding; every recorded answer uses this envelope [PADOA]. */
export const SOAP12_NS = 'http://www.w3.org/2003/05/soap-envelope';
/** WS-Addressing 1.0 for wsa:Action and wsa:MessageID [WSDL]. */
export const WSA_NS = 'http://www.w3.org/2005/08/addressing';
/** The NO1_Security part of every request message [WSDL]. */
export const WSSE_NS =
  'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd';

export const INSI_NS = {
  /** Header ContexteBAM [XSD-ctxbam]. */
  ctxbam: 'urn:siram:bam:ctxbam',
  /** Header ContexteLPS [XSD-ctxlps]. */
  ctxlps: 'urn:siram:lps:ctxlps',
  /** siram:Erreur, the Detail of every fault [XSD-fault]. */
  siram: 'urn:siram',
  /** Request body of the search by traits, RECSANSVITALE [XSD-RECSANS]. */
  recSans: 'http://www.cnamts.fr/INSiRecSans',
  /** Request body of the search with the Vitale card, RECVITALE [XSD-RECVITALE]. */
  recVit: 'http://www.cnamts.fr/INSiRecVit',
  /** Answer body of both searches, RESULTAT [XSD-RESULTAT]. */
  resultat: 'http://www.cnamts.fr/INSiResultat',
} as const;

export const SOAP12_MEDIA_TYPE = 'application/soap+xml';

// ---------------------------------------------------------------------------
// Operations

export interface InsiOperation {
  /** The WSDL operation name. */
  name: string;
  /** wsa:Action and soap12:operation/@soapAction of the request [WSDL]. */
  action: string;
  /** wsaw:Action of the output message [WSDL]. */
  responseAction: string;
  /** The Body's element and its namespace. */
  requestElement: string;
  requestNamespace: string;
}

const ACTION_PREFIX = 'urn:ServiceIdentiteCertifiee:1.0.0:';

/** The two operations of portType ICIRService [WSDL]; both answer insi_resultat_ins:RESULTAT. */
export const INSI_OPERATIONS = {
  searchByTraits: {
    name: 'rechercherInsAvecTraitsIdentite',
    action: `${ACTION_PREFIX}rechercherInsAvecTraitsIdentite`,
    responseAction: `${ACTION_PREFIX}rechercherInsAvecTraitsIdentiteResponse`,
    requestElement: 'RECSANSVITALE',
    requestNamespace: INSI_NS.recSans,
  },
  searchByVitale: {
    name: 'rechercherInsAvecCarteVitale',
    action: `${ACTION_PREFIX}rechercherInsAvecCarteVitale`,
    responseAction: `${ACTION_PREFIX}rechercherInsAvecCarteVitaleResponse`,
    requestElement: 'RECVITALE',
    requestNamespace: INSI_NS.recVit,
  },
} as const satisfies Record<string, InsiOperation>;

export type InsiOperationName = keyof typeof INSI_OPERATIONS;

/**
 * The "vérification" operation (facts §2.4) is not in the public WSDL 1.5.0,
 * which has the two searches only. A GIE SESAM-Vitale sample client prints
 * "verifierInsAvecTraitsIdentite" and has a commented-out request shape
 * (IndividuVerifie / INSFourni / TraitsIdentiteIndividu) but sends
 * rechercherInsAvecTraitsIdentite. UNCONFIRMED: its action, elements and
 * answer. The engine therefore verifies by searching with the traits held and
 * comparing INSi's answer with the INS held (insi-verification.ts), which
 * uses only the documented operation.
 */
export const VERIFICATION_OPERATION_CONFIRMED = false;

// ---------------------------------------------------------------------------
// Endpoints

/**
 * Mutual-TLS ("tlsm") endpoints, for a structure certificate. Test (CNAM
 * "qualif" platform): [WSDL] soap12:address and [PADOA] INSi_mTLS_TEST_URL.
 * Production: [PADOA] script/verify-certificate.ts. Requests are POSTed to the
 * path /lps.
 */
export const INSI_ENDPOINTS = {
  test: 'https://qualiflps-services-ps-tlsm.ameli.fr:443/lps',
  production: 'https://services-ps-tlsm.ameli.fr/lps',
} as const;

/**
 * The CPx-card endpoint of the test platform ([PADOA] INSi_CPX_TEST_URL),
 * where the caller authenticates with a SAML assertion signed by the
 * practitioner's card in wsse:Security. Not used by the engine (it holds no
 * card); listed so that nobody points the structure certificate at it.
 */
export const INSI_CPX_TEST_ENDPOINT = 'https://qualiflps.services-ps.ameli.fr:443/lps';

// ---------------------------------------------------------------------------
// Authentication

/**
 * The structure (personne morale) certificate for INSi is an IGC-Santé
 * certificate whose subject CN is exactly INSI-AUTO (automated calls) or
 * INSI-MANU (calls made by a person); any other CN is answered DESIR_560
 * "niveau d'accès insuffisant" [PADOA README]. facts §2.4: "the INSi
 * certificate requires a specific naming".
 */
export const INSI_CERTIFICATE_COMMON_NAMES = ['INSI-AUTO', 'INSI-MANU'] as const;
export type InsiCertificateName = (typeof INSI_CERTIFICATE_COMMON_NAMES)[number];

/**
 * With a structure certificate the caller is authenticated by the TLS
 * handshake alone: the recorded mutual-TLS requests carry no wsse:Security
 * [PADOA adrtrois-dominique.fixture.ts]; the WSDL's NO1_Security part carries
 * the CPx card's assertion in the other mode. UNCONFIRMED whether the mTLS
 * endpoint tolerates an empty wsse:Security: none is sent.
 */
export const SEND_WSSE_SECURITY_WITH_CERTIFICATE = false;

/** The IGC-Santé CAs that issue the INSi server certificate [PADOA README]. */
export const INSI_SERVER_CA_NAMES = [
  'AC RACINE IGC-SANTE ELEMENTAIRE',
  'AC IGC-SANTE ELEMENTAIRE ORGANISATIONS',
] as const;

// ---------------------------------------------------------------------------
// Header contexts

/**
 * ContexteBAM: Version is required, Nature if present is CTXBAM; Id, Temps
 * (xsd:dateTime) and COUVERTURE are required, Emetteur optional
 * [XSD-ctxbam]. Recorded requests send Version="01_02" without Nature and an
 * empty COUVERTURE for a search by traits [PADOA].
 */
export const CONTEXTE_BAM = { version: '01_02', nature: 'CTXBAM' } as const;

/**
 * ContexteLPS: Version required, Nature="CTXLPS"; Id and Temps required;
 * LPS/IDAM carries the software's authorisation number (numéro
 * d'autorisation CNDA) with attribute R="4"; LPS/Nom "urn:lps:<name>:<version>"
 * [XSD-ctxlps], [PADOA lps.class.ts]. An unknown IDAM is answered
 * siram_100 / desir_550 "Numéro d'autorisation du logiciel inconnu" [PADOA].
 */
export const CONTEXTE_LPS = { version: '01_00', nature: 'CTXLPS', idamR: '4' } as const;

/** wsa:MessageID is "uuid:" + a UUID, not "urn:uuid:" [PADOA], and echoed in siram:Erreur/@messageID. */
export const MESSAGE_ID_PREFIX = 'uuid:';

/**
 * Emetteur of both contexts: recorded requests use the structure
 * certificate's OU, i.e. its idNat_Struct ("10B0152872") [PADOA
 * emitter.helper.ts]. UNCONFIRMED whether INSi checks it against the
 * certificate; the schema makes it optional and the sandbox does not check it.
 */
export const EMITTER_FROM_CERTIFICATE_OU = true;

// ---------------------------------------------------------------------------
// Request traits

/**
 * Birth date: AAAA-MM-JJ, type "DateLunaire" (a lunar date such as
 * 1942-00-00 is legal) [XSD-RECSANS], [XSD-RESULTAT pattern \d{4}-\d{2}-\d{2}].
 */
export const INSI_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Sex code: one capital letter [XSD-RESULTAT CodSexe]; M or F in every recorded exchange. */
export const INSI_SEXES = ['M', 'F'] as const;

/**
 * COG of the birth place: 5 alphanumerics [XSD-RESULTAT COG]; in practice 5
 * digits, or 2A/2B and 3 digits for Corsica (facts §2.1).
 */
export const INSI_COG = /^(?:\d{5}|2[AB]\d{3})$/;

/**
 * A birth name or a first name as INSi takes it: capitals without
 * diacritics, words joined by a space, a hyphen, a double hyphen (the
 * separator of a double family name) or an apostrophe. This is the check a
 * CNDA-authorised client applies before calling ([PADOA]
 * insi-person.class.ts, /^[A-Z]+(?:(?:-{1,2}|[' ])[A-Z]+)*$/); the RNIV's
 * own character table is UNCONFIRMED.
 */
export const INSI_NAME = /^[A-Z]+(?:(?:--?|[' ])[A-Z]+)*$/;

/**
 * LPS/Nom: "urn:lps:<name>:<version>", as two CNDA-authorised clients write it
 * ([PADOA] lps.class.ts, and a Java client's `"urn:lps:" + nom + ":" + version`);
 * the GIE SESAM-Vitale sample sends a bare name. UNCONFIRMED which form INSi
 * requires; a name already starting with "urn:" is sent as given.
 */
export function lpsName(name: string, version: string): string {
  return name.startsWith('urn:') ? name : `urn:lps:${name}:${version}`;
}

/**
 * How a Vitale card key fills RECVITALE [XSD-RECVITALE: MatriculeIndividu,
 * MatriculeOD, NomNaissance, DateNaissance, RangNaissance, all optional in
 * the schema]. UNCONFIRMED which ones INSi requires and whether it also wants
 * the card's data in ContexteBAM/COUVERTURE (BENEFICIAIRE, ASSURE) or a
 * card-signed assertion: the schema has room for both, no public exchange
 * shows them. The engine fills the body below, leaves COUVERTURE empty, and
 * the sandbox requires MatriculeOD and DateNaissance.
 */
export const RECVITALE_FIELDS = {
  /** The card's NIR: the ouvrant droit's (facts §5.1), "OD". */
  holderNir: 'MatriculeOD',
  /** The beneficiary's own NIR, when the card knows it. */
  beneficiaryNir: 'MatriculeIndividu',
  birthFamilyName: 'NomNaissance',
  birthDate: 'DateNaissance',
  /** Rang gémellaire: tells apart same-birth-date beneficiaries of one card (facts §5.1). */
  twinRank: 'RangNaissance',
} as const;

/**
 * First names go in ONE Prenom element, several first names separated by
 * spaces. The schema allows several Prenom elements [XSD-RECSANS maxOccurs
 * unbounded], but CNDA-authorised clients send one, either a single first
 * name or the whole list joined by spaces [PADOA insi-person.class.ts].
 * UNCONFIRMED how INSi treats several Prenom elements: never sent.
 */
export const PRENOM_ELEMENTS_PER_REQUEST = 1;

// ---------------------------------------------------------------------------
// Answers

/** CR/CodeCR and the LibelleCR INSi writes with it [PADOA fixtures], meaning per [BRETAGNE]. */
export const INSI_RETURN_CODES = {
  '00': 'OK',
  '01': 'Aucune identite trouvee',
  '02': 'Plusieurs identites trouvees',
} as const;
export type InsiReturnCode = keyof typeof INSI_RETURN_CODES;

/**
 * Faults are SOAP 1.2 faults sent with HTTP 500 whatever their code [PADOA
 * tryouts.test.ts: status 500 for an unknown IDAM, a Sender fault]. Code/Subcode is a "siram_NN"
 * written with the envelope's prefix; Detail holds siram:Erreur with
 * attributes code (desir_NNN, insi_NNN, DESIR_NNN), severite and messageID.
 * Recorded:
 * - Sender  / siram_100 / desir_550: software authorisation number unknown;
 * - Receiver/ siram_40  / insi_102 : "service temporairement inaccessible";
 * - Sender  / siram_40  / desir_1020: "service appelé temporairement indisponible";
 * - DESIR_560: certificate CN is not INSI-AUTO / INSI-MANU [PADOA README].
 * siram_40 means "try later" under either code, so it is classified by
 * subcode before the SOAP code.
 */
export const FAULT_SUBCODES = {
  /** Temporarily unavailable: retry. */
  unavailable: ['siram_40'],
  /** Access refused to this software or structure: a human must act. */
  refused: ['siram_100'],
} as const;

/** siram:Erreur/@code values that mean a refused access, whatever the subcode. */
export const REFUSED_ERROR_CODES = ['desir_550', 'desir_560'] as const;

/** severite values of siram:Erreur [XSD-fault]; recorded answers also say "fatal". */
export const ERROR_SEVERITIES = ['information', 'avertissement', 'erreur', 'fatale'] as const;

/**
 * The subcode and code INSi uses for a request that breaks its schema:
 * UNCONFIRMED (no recorded example). The sandbox answers a Sender fault with
 * this siram:Erreur code; the client classifies any Sender fault outside the
 * lists above as INVALID_REQUEST.
 */
export const SANDBOX_INVALID_REQUEST_CODE = 'sandbox_requete_invalide';

/** A fault as INSi writes it: see FAULT_SUBCODES. */
export interface InsiFaultTemplate {
  soapCode: 'Sender' | 'Receiver';
  subcode?: string;
  errorCode: string;
  severity: string;
  /** Reason/Text: for the user. */
  reason: string;
  /** siram:Erreur text: for the technician. */
  detail: string;
}

/** The faults the sandbox answers, as INSi answers them. */
export const INSI_FAULTS = {
  /** Recorded verbatim [PADOA siram_100-desir_500-fake-idam.fixtures.ts]. */
  unknownSoftware: {
    soapCode: 'Sender',
    subcode: 'siram_100',
    errorCode: 'desir_550',
    severity: 'erreur',
    reason:
      "L'accès par ce progiciel au service n'est pas autorisé. Contactez l'éditeur du progiciel ou votre responsable informatique.",
    detail: "Numéro d'autorisation du logiciel inconnu.",
  },
  /**
   * Code and reason from [PADOA README]; the subcode, severity and detail
   * text are UNCONFIRMED (no recorded answer).
   */
  certificateName: {
    soapCode: 'Sender',
    subcode: 'siram_100',
    errorCode: 'DESIR_560',
    severity: 'erreur',
    reason: 'Vous ne disposez pas des droits suffisants pour accéder à ce service',
    detail: "Niveau d'accès insuffisant : le CN du certificat doit être INSI-AUTO ou INSI-MANU.",
  },
  /** Recorded [PADOA insi-helper.test.ts]; severity "fatale" as the schema spells it. */
  unavailable: {
    soapCode: 'Receiver',
    subcode: 'siram_40',
    errorCode: 'insi_102',
    severity: 'fatale',
    reason:
      "Le service est temporairement inaccessible. Veuillez renouveler votre demande ultérieurement. Si le problème persiste, contactez l'éditeur du progiciel ou votre responsable informatique.",
    detail: "L'appel au service de recherche renvoie une erreur technique.",
  },
  /** UNCONFIRMED throughout (SANDBOX_INVALID_REQUEST_CODE). */
  invalidRequest: {
    soapCode: 'Sender',
    errorCode: SANDBOX_INVALID_REQUEST_CODE,
    severity: 'erreur',
    reason: "La requête n'est pas conforme au format attendu par le service.",
    detail: '',
  },
} as const satisfies Record<string, InsiFaultTemplate>;
