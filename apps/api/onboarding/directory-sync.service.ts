import { Injectable } from '@nestjs/common';
import { type Actor, DomainError } from '@app/domain';
import { ORTHOPHONISTE_PROFESSION_CODE } from '@app/mss';
import { type FieldChanges, OnboardingStore, type PractitionerRow } from '@app/persistence';
import { AnnuaireLookup, listedAddress } from './annuaire-lookup';
import { chooseMailbox } from './registration-assessment';

/**
 * Re-reads a practitioner from the Annuaire Santé: names and profession as it
 * lists them today, and their MSSanté address — kept while the directory
 * still ties it to their RPPS, otherwise the one they name, or the only one
 * left. Nothing changes when the directory no longer knows them or lists
 * their exercise as closed: that is a coordinator's decision, not a sync's.
 */
@Injectable()
export class DirectorySync {
  constructor(
    private readonly store: OnboardingStore,
    private readonly annuaire: AnnuaireLookup,
  ) {}

  async sync(
    practitioner: PractitionerRow,
    wantedAddress: string | undefined,
    actor: Actor,
  ): Promise<{ practitioner: PractitionerRow; changes: FieldChanges }> {
    const listed = await this.annuaire.professional(practitioner.rpps);
    if (!listed || !listed.active) {
      const problem = listed
        ? "the Annuaire Santé lists this practitioner's exercise as closed: nothing changed"
        : `the Annuaire Santé no longer knows RPPS ${practitioner.rpps}: nothing changed`;
      throw new DomainError('conflict', problem, [{ field: 'rpps', problem }]);
    }
    const current = practitioner.mssAddress
      ? listedAddress(listed.personalMailboxes, practitioner.mssAddress)
      : undefined;
    const mailbox =
      wantedAddress === undefined && current !== undefined
        ? { address: current }
        : chooseMailbox(wantedAddress, listed.personalMailboxes, undefined);
    if ('refusal' in mailbox) {
      const problem =
        wantedAddress === undefined
          ? `${practitioner.mssAddress ?? 'the address recorded'} is no longer listed, and the Annuaire Santé lists several MSSanté mailboxes: choose one of ${mailbox.choices.join(', ')}`
          : mailbox.refusal.problem;
      throw new DomainError(
        wantedAddress === undefined ? 'conflict' : 'invalid',
        `mssAddress: ${problem}`,
        [{ field: 'mssAddress', problem }],
      );
    }
    const synced = await this.store.syncFromDirectory(
      practitioner.id,
      {
        familyName: listed.familyName ?? practitioner.familyName,
        givenNames: listed.givenNames.join(' ') || practitioner.givenNames,
        professionCode: listed.orthophoniste
          ? ORTHOPHONISTE_PROFESSION_CODE
          : (listed.professionCodes[0] ?? practitioner.professionCode),
        mssAddress: mailbox.address,
      },
      actor,
    );
    if (!synced) throw DomainError.notFound('practitioner', practitioner.id);
    return synced;
  }
}
