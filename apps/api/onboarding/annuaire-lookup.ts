import { Inject, Injectable } from '@nestjs/common';
import { DomainError } from '@app/domain';
import {
  AnnuaireSanteClient,
  type DirectoryMailbox,
  type DirectoryPhysician,
  type DirectoryProfessional,
  type PhysicianSearch,
  MssError,
  ORTHOPHONISTE_PROFESSION_CODE,
} from '@app/mss';
import { ENGINE_RUNTIME, EngineRuntime } from '../../shared/engine-runtime';
import { OUTAGE_RETRY_AFTER_SECONDS } from '../common/outages';

/** Someone waits for the answer: a directory slower than this is treated as out of reach. */
const API_DIRECTORY_TIMEOUT_MS = 10_000;

/** The Annuaire Santé client of the API, from the engine's MSSanté runtime (real or sandbox). */
export const annuaireClientProvider = {
  provide: AnnuaireSanteClient,
  inject: [ENGINE_RUNTIME],
  useFactory: (runtime: EngineRuntime) =>
    new AnnuaireSanteClient({
      ...runtime.mss.directory,
      timeoutMs: Math.min(
        runtime.mss.directory.timeoutMs ?? API_DIRECTORY_TIMEOUT_MS,
        API_DIRECTORY_TIMEOUT_MS,
      ),
    }),
};

/** A professional as the Annuaire Santé lists them today, with what onboarding reads of them. */
export interface ListedProfessional extends DirectoryProfessional {
  orthophoniste: boolean;
  /** The mailboxes a person reads (open situations, no software mailbox), in the directory's order. */
  personalMailboxes: string[];
}

/**
 * Looks professionals up by RPPS for onboarding. The directory out of reach
 * is the API's 503 with Retry-After: nothing was registered, trying again
 * later works. Its own message is not repeated (it names hosts).
 */
@Injectable()
export class AnnuaireLookup {
  constructor(@Inject(AnnuaireSanteClient) private readonly client: AnnuaireSanteClient) {}

  async professional(rpps: string): Promise<ListedProfessional | undefined> {
    const found = await directoryCall(() => this.client.findProfessional(rpps));
    if (!found) return undefined;
    return {
      ...found,
      orthophoniste: found.professionCodes.includes(ORTHOPHONISTE_PROFESSION_CODE),
      personalMailboxes: personalMailboxes(found.mailboxes),
    };
  }

  /** Médecins by name (and town) or RPPS, as an orthophoniste looks for a médecin traitant. */
  physicians(search: PhysicianSearch): Promise<DirectoryPhysician[]> {
    return directoryCall(() => this.client.searchPhysicians(search));
  }
}

/**
 * The directory's answers as the API's: out of reach, a 503 with Retry-After
 * (nothing was written, trying again later works; its own message, which names
 * hosts, is not repeated); a malformed RPPS, a 400 naming it.
 */
async function directoryCall<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof MssError && error.code === 'DIRECTORY_UNAVAILABLE') {
      throw new DomainError(
        'unavailable',
        'the Annuaire Santé cannot be reached right now: nothing was written; try again in a moment',
        [],
        OUTAGE_RETRY_AFTER_SECONDS,
      );
    }
    if (error instanceof MssError && error.code === 'DIRECTORY_NOT_FOUND') {
      throw DomainError.invalid('rpps', 'must be an RPPS number (11 digits)');
    }
    throw error;
  }
}

/** An applicative (APP) mailbox is software's: nobody would read what the engine sends there. */
function personalMailboxes(mailboxes: readonly DirectoryMailbox[]): string[] {
  return mailboxes.filter((m) => m.active && m.type !== 'APP').map((m) => m.address);
}

/** The directory's own spelling of `address`, if it lists it (addresses compare without case). */
export function listedAddress(listed: readonly string[], address: string): string | undefined {
  return listed.find((candidate) => candidate.toLowerCase() === address.toLowerCase());
}
