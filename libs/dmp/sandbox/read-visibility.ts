import { MASK_CODES, VISIBILITY_CODE_SYSTEM, parseXcn } from '../xds';
import type { SandboxIns } from './options';
import type { SandboxStore, StoredEntry } from './store';

/**
 * What a professional may read of a DMP once access is granted: everything,
 * except documents masked from professionals (MASQUE_PS, TRE_A07), which
 * only their author and the patient's médecin traitant DMP read (the DMP
 * form's meaning, see ../xds/visibility.ts). To anyone else such a document
 * is absent: not listed, not found by uniqueId, not retrievable — the DMP
 * does not say that something is hidden. INVISIBLE_PATIENT and
 * INVISIBLE_REPRESENTANTS_LEGAUX concern the patient's side only, which the
 * sandbox does not serve.
 */

/** Who reads, as far as visibility goes. */
export interface Reader {
  /** The VIHF Subject/NameID (or the TD0.9 token's subject): "8" + RPPS. */
  practitionerId: string;
  /** National id of the patient's médecin traitant DMP, if one is set. */
  treatingPhysicianId: string | undefined;
}

export async function readerOf(
  store: SandboxStore,
  patient: SandboxIns,
  practitionerId: string,
): Promise<Reader> {
  return { practitionerId, treatingPhysicianId: await store.treatingPhysician(patient) };
}

export function isMaskedFromProfessionals(entry: StoredEntry): boolean {
  return entry.metadata.confidentialityCodes.some(
    (code) =>
      code.code === MASK_CODES.hiddenFromProfessionals &&
      code.codeSystem === VISIBILITY_CODE_SYSTEM,
  );
}

/**
 * The national ids of the entry's authors (authorPerson XCN on idNat_PS). A
 * bare 11-digit RPPS, which some writers put there, counts as "8" + RPPS.
 */
export function authorIds(entry: StoredEntry): string[] {
  return entry.metadata.authors.flatMap((author) => {
    const id = author.authorPerson ? parseXcn(author.authorPerson)?.id : undefined;
    if (!id) return [];
    return [/^[0-9]{11}$/.test(id) ? `8${id}` : id];
  });
}

export function visibleTo(entry: StoredEntry, reader: Reader): boolean {
  if (!isMaskedFromProfessionals(entry)) return true;
  if (reader.treatingPhysicianId === reader.practitionerId) return true;
  // The author reads their own document: the engine's idempotent filing looks for it
  // (GetDocuments) before filing it again.
  return authorIds(entry).includes(reader.practitionerId);
}

export function visibleEntries(entries: readonly StoredEntry[], reader: Reader): StoredEntry[] {
  return entries.filter((entry) => visibleTo(entry, reader));
}
