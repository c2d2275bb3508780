import { provisionalIdentity, type Identity, type IdentityProblem } from './identity';
import { parseIns, parseMatricule, type Ins } from './nir';
import { splitFirstNames, type Sex } from './traits';

/**
 * A Carte Vitale read, as the workstation's certified SESAM-Vitale middleware
 * returns it: card-level data (groupe 101) and one entry per beneficiary
 * (groupe 104). Field names are those of an observed JSON (facts §5.1, a
 * billing middleware's unit test); another middleware may name them otherwise,
 * its adapter then maps to this shape. Only the fields used here are listed.
 */
export interface VitaleCardRead {
  type?: string;
  numeroSerie?: string;
  /** NIR of the ouvrant droit (the card holder), 13 characters; for a dependant it is NOT theirs. */
  NIR: string;
  cleNIR: string;
  codeRegime?: string;
  caisseGestionnaire?: string;
  centreGestionnaire?: string;
  codeGestion?: string;
  lstDonneesBeneficiaire: readonly VitaleBeneficiary[];
}

export interface VitaleBeneficiary {
  numero?: string;
  nomUsuel: string;
  nomPatronymique?: string;
  /** The card holds one first name; whether it is the first birth first name is not guaranteed. */
  prenom: string;
  /** The beneficiary's own NIR, when the card knows it. */
  NIRCertifie?: string;
  cleNIRCertifie?: string;
  dateCertificationNIR?: string;
  /** AAAAMMJJ, possibly lunar (19421901). */
  dateNaissance: string;
  /** Twin rank, "1" by default: tells apart same-birth-date beneficiaries under one NIR. */
  rangGemellaire?: string;
  /** 0 = assuré (the holder). The other codes (6 enfant…) are UNCONFIRMED (facts §5.1). */
  qualite: string;
  libelleQualite?: string;
}

/**
 * What the engine asks INSi with when searching from the card (facts §2.4):
 * the card is only a key, which, with the birth date and twin rank, selects
 * one beneficiary. UNCONFIRMED: the exact INSi request fields (facts §2.4
 * leaves the operation's detail to the CNAM guide); these are the ones that
 * single out a beneficiary in billing requests (facts §5.1).
 */
export interface InsiCardKey {
  nir: string;
  birthDate: string;
  twinRank: string;
}

/** One beneficiary of a card, as a candidate identity the practitioner picks. */
export interface VitaleCandidate {
  /** Provisional and without INS whoever the beneficiary is: the card proves nothing (facts §5.1). */
  identity: Identity;
  /** The holder (qualité 0), whose NIR the card carries. */
  insured: boolean;
  qualite: string;
  qualiteLabel?: string;
  /** To search INSi for this beneficiary. */
  insiKey: InsiCardKey;
  /**
   * The number the invoice (FSE) is made under: the holder's NIR. Never the
   * patient's INS — for a child it is a parent's (facts §2.1).
   */
  billingNir: string;
  /** The beneficiary's own NIR when the card has it: a hint to check INSi's answer, not an INS. */
  certifiedNir?: string;
  /** What the practitioner should check by hand. */
  warnings: string[];
}

export interface VitaleCandidates {
  candidates: VitaleCandidate[];
  /** Beneficiaries left out, and why (field paths as in the read). */
  problems: IdentityProblem[];
}

/**
 * Turns a card read into one candidate identity per beneficiary. None gets an
 * INS: the INS is fetched from INSi for the beneficiary the practitioner
 * selects, never derived from the card NIR (facts §5.1), which for a
 * dependant is another person's number.
 */
export function vitaleCandidates(read: VitaleCardRead): VitaleCandidates {
  const card = parseMatricule(`${read.NIR}${read.cleNIR}`);
  if (!card.ok) {
    return {
      candidates: [],
      problems: card.problems.map((p) => ({ field: `NIR.${p.field}`, problem: p.problem })),
    };
  }
  const billingNir = card.matricule.value;
  const candidates: VitaleCandidate[] = [];
  const problems: IdentityProblem[] = [];

  read.lstDonneesBeneficiaire.forEach((beneficiary, index) => {
    const at = `lstDonneesBeneficiaire[${index}]`;
    const warnings: string[] = [];
    const insured = beneficiary.qualite.trim() === '0';
    const certifiedNir = ownNir(beneficiary);
    const usedFamilyName = beneficiary.nomUsuel.trim();
    const birthFamilyName = beneficiary.nomPatronymique?.trim() || usedFamilyName;
    if (!beneficiary.nomPatronymique?.trim()) {
      warnings.push(
        'the card has no birth name: the used name stands in for it until INSi answers',
      );
    }
    warnings.push(
      'the card holds one usual first name: the birth first names come from INSi or an identity document',
    );
    // The sex digit of a NIR is the beneficiary's only when the NIR is theirs.
    const sexNir = insured ? card.matricule : certifiedNir;
    const sex: Sex | undefined = sexNir?.sex;
    const identity = provisionalIdentity(
      {
        birthFamilyName,
        firstNames: splitFirstNames(beneficiary.prenom),
        birthDate: beneficiary.dateNaissance,
        ...(sex ? { sex } : {}),
        ...(usedFamilyName !== birthFamilyName ? { usedFamilyName } : {}),
      },
      'vitale',
    );
    if (!identity.ok) {
      problems.push(
        ...identity.problems.map((p) => ({ field: `${at}.${p.field}`, problem: p.problem })),
      );
      return;
    }
    if (identity.identity.traits.birthDate.lunar) {
      warnings.push('lunar birth date: kept as read; INSi may return it adjusted (facts §2.4)');
    }
    candidates.push({
      identity: identity.identity,
      insured,
      qualite: beneficiary.qualite,
      ...(beneficiary.libelleQualite ? { qualiteLabel: beneficiary.libelleQualite } : {}),
      insiKey: {
        nir: billingNir,
        birthDate: beneficiary.dateNaissance,
        twinRank: beneficiary.rangGemellaire?.trim() || '1',
      },
      billingNir,
      ...(certifiedNir ? { certifiedNir: certifiedNir.value } : {}),
      warnings,
    });
  });
  return { candidates, problems };
}

function ownNir(beneficiary: VitaleBeneficiary) {
  if (!beneficiary.NIRCertifie || !beneficiary.cleNIRCertifie) return undefined;
  const parsed = parseMatricule(`${beneficiary.NIRCertifie}${beneficiary.cleNIRCertifie}`);
  return parsed.ok ? parsed.matricule : undefined;
}

/**
 * What the appli carte Vitale hands over for its holder. The ApCV protocol is
 * not public (facts §5.2, UNCONFIRMED): this is the shape the engine expects
 * from the middleware's adapter, from what is known — the app identifies its
 * holder and "includes the INS".
 */
export interface ApcvIdentityRead {
  nomNaissance: string;
  nomUsage?: string;
  /** Birth first names, space-separated. */
  prenoms: string;
  /** AAAAMMJJ, possibly lunar. */
  dateNaissance: string;
  sexe?: 'M' | 'F';
  /** COG INSEE of the birth place. */
  lieuNaissance?: string;
  /** The INS the app shows. */
  ins?: { matricule: string; oid: string };
  /** The holder's NIR for billing, 15 characters. */
  nir?: string;
}

export interface ApcvCandidate {
  /** Provisional, like a card read: the ApCV is a key for INSi (facts §5.1). */
  identity: Identity;
  /** The INS the app declared, checked for form only: to compare with INSi's answer. */
  declaredIns?: Ins;
  billingNir?: string;
  warnings: string[];
}

export type ApcvResult =
  { ok: true; candidate: ApcvCandidate } | { ok: false; problems: IdentityProblem[] };

/**
 * Turns an ApCV identity into a candidate. The INS it shows is not adopted:
 * an INS becomes the patient's only from INSi (facts §5.1), so it is kept as
 * `declaredIns` for the practitioner and the INSi verification.
 */
export function apcvCandidate(read: ApcvIdentityRead): ApcvResult {
  const usedFamilyName = read.nomUsage?.trim();
  const identity = provisionalIdentity(
    {
      birthFamilyName: read.nomNaissance,
      firstNames: read.prenoms,
      birthDate: read.dateNaissance,
      ...(read.sexe ? { sex: read.sexe } : {}),
      ...(read.lieuNaissance ? { birthPlaceCode: read.lieuNaissance } : {}),
      ...(usedFamilyName && usedFamilyName !== read.nomNaissance.trim() ? { usedFamilyName } : {}),
    },
    'apcv',
  );
  if (!identity.ok) return identity;
  const warnings: string[] = [];
  let declaredIns: Ins | undefined;
  if (read.ins) {
    const ins = parseIns(read.ins);
    if (ins.ok) declaredIns = ins.ins;
    else
      warnings.push(`the app's INS is malformed: ${ins.problems.map((p) => p.problem).join('; ')}`);
  }
  if (identity.identity.traits.birthDate.lunar) {
    warnings.push('lunar birth date: kept as read; INSi may return it adjusted (facts §2.4)');
  }
  let billingNir: string | undefined;
  if (read.nir) {
    const nir = parseMatricule(read.nir);
    if (nir.ok) billingNir = nir.matricule.value;
    else
      warnings.push(`the app's NIR is malformed: ${nir.problems.map((p) => p.problem).join('; ')}`);
  }
  return {
    ok: true,
    candidate: {
      identity: identity.identity,
      ...(declaredIns ? { declaredIns } : {}),
      ...(billingNir ? { billingNir } : {}),
      warnings,
    },
  };
}
