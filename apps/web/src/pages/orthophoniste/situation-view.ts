import type { SituationValidity } from '../../api/session';

/** GET/PUT /practitioners/{id}/situation-exercice, as the API answers it. */
export interface SituationAnswer {
  situation: {
    structure: { kind: StructureKind; name: string; idNat?: string };
    cadre: Cadre;
    salarie: boolean;
    cptsId?: string;
    period: { from: string; to: string };
  } | null;
  declaredAt: string | null;
  validity: SituationValidity['validity'];
  blockingReason: string | null;
}

export type StructureKind =
  'cabinet' | 'msp' | 'esp' | 'centre_de_sante' | 'etablissement_de_sante' | 'essms';
export type Cadre =
  | 'ambulatoire'
  | 'hospitalisation_complete'
  | 'hospitalisation_de_jour'
  | 'had'
  | 'medico_social'
  | 'domicile';

export const STRUCTURE_LABELS: Record<StructureKind, string> = {
  cabinet: 'Cabinet libéral',
  msp: 'Maison de santé pluriprofessionnelle (MSP)',
  esp: 'Équipe de soins primaires (ESP)',
  centre_de_sante: 'Centre de santé',
  etablissement_de_sante: 'Établissement de santé',
  essms: 'Établissement ou service social ou médico-social',
};

export const CADRE_LABELS: Record<Cadre, string> = {
  ambulatoire: 'Ambulatoire',
  hospitalisation_complete: 'Hospitalisation complète',
  hospitalisation_de_jour: 'Hospitalisation de jour',
  had: 'Hospitalisation à domicile',
  medico_social: 'Médico-social',
  domicile: 'Domicile du patient',
};

export function situationQueryKey(practitionerId: string) {
  return ['situation', practitionerId];
}
