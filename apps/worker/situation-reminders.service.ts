import { Injectable, Logger } from '@nestjs/common';
import { parisDay, situationReminderWindow } from '@app/domain';
import { MssClient, MssError, situationLetter, stepMessageId } from '@app/mss';
import { Directory, SituationStore } from '@app/persistence';
import type { SituationRemindersActivities } from '../../workflows/background/definitions';

/** Failures that pass: the operator down, the mailbox full, TLS in trouble. */
const RETRY_LATER: ReadonlySet<string> = new Set([
  'OPERATOR_UNAVAILABLE',
  'MAILBOX_FULL',
  'TLS_FAILED',
]);

/** Situations are looked at this often: a reminder is about days, not minutes. */
const EVERY_MS = 3_600_000;

/**
 * Reminds practitioners by MSSanté mail, once per declared period, when their
 * situation of exercise enters its last 30 days: after its end, accès direct
 * is blocked until they declare it again. A practitioner without an MSSanté
 * address is recorded as not reachable (the API shows the same warning at
 * each login, /auth/me). The round is the activity of the situation-reminders
 * workflow (workflows/background), once per deployment.
 */
@Injectable()
export class SituationRemindersService implements SituationRemindersActivities {
  private readonly logger = new Logger(SituationRemindersService.name);
  private round?: Promise<number>;

  constructor(
    private readonly situations: SituationStore,
    private readonly directory: Directory,
    private readonly mss: MssClient,
  ) {}

  async remindSituations(): Promise<{ reminded: number; nextInMs: number }> {
    return { reminded: await this.remindOnce(), nextInMs: EVERY_MS };
  }

  /** One round now; the number of reminders recorded (tests and the demo call it). */
  async remindOnce(now: Date = new Date()): Promise<number> {
    if (this.round) await this.round.catch(() => undefined);
    this.round = this.remind(now);
    try {
      return await this.round;
    } finally {
      this.round = undefined;
    }
  }

  private async remind(now: Date): Promise<number> {
    const window = situationReminderWindow(parisDay(now.getTime()));
    const ending = await this.situations.endingWithoutReminder(window.from, window.to);
    let recorded = 0;
    for (const { practitionerId, situation } of ending) {
      const practitioner = await this.directory.practitioner(practitionerId);
      if (!practitioner) continue;
      const periodTo = situation.period.to;
      if (!practitioner.mssAddress) {
        const first = await this.situations.recordReminder(practitionerId, periodTo, {
          status: 'not_sendable',
          detail: 'the practitioner has no MSSanté address',
        });
        if (first) recorded += 1;
        continue;
      }
      const letter = situationLetter({
        recipientName: `${practitioner.givenNames} ${practitioner.familyName}`,
        structureName: situation.structure.name,
        endsOn: periodTo,
      });
      try {
        const sent = await this.mss.send({
          ...letter,
          // One message per period: a retried round finds it in the Sent folder.
          messageId: stepMessageId(
            'notification',
            `situation:${practitionerId}:${periodTo}`,
            this.mss.address.split('@')[1],
          ),
          date: now,
          to: [
            {
              address: practitioner.mssAddress,
              name: `${practitioner.givenNames} ${practitioner.familyName}`,
            },
          ],
          fromName: 'Accès direct CPTS',
        });
        if (
          await this.situations.recordReminder(practitionerId, periodTo, {
            status: 'sent',
            mssMessageId: sent.messageId,
          })
        )
          recorded += 1;
      } catch (error) {
        if (!(error instanceof MssError)) throw error;
        if (RETRY_LATER.has(error.code)) {
          // The next round tries again.
          this.logger.warn(`situation reminder not sent yet: ${error.code}`);
          continue;
        }
        // Refused for good (unknown address…): recorded, not tried every hour.
        if (
          await this.situations.recordReminder(practitionerId, periodTo, {
            status: 'not_sendable',
            detail: error.message,
          })
        )
          recorded += 1;
      }
    }
    return recorded;
  }
}
