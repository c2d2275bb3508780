import { randomBytes } from 'node:crypto';
import { ApplicationFailure, type ProtoFailure } from '@temporalio/common';
import {
  decodeOptionalFailureToOptionalError,
  encodeErrorToFailure,
  loadDataConverter,
} from '@temporalio/common/lib/internal-non-workflow';
import { temporal } from '@temporalio/proto';
import { encryptingDataConverter } from './connection-options';

describe('failures through the encrypting data converter', () => {
  const keys = [{ id: 'k1', key: randomBytes(32) }];
  const converter = loadDataConverter(encryptingDataConverter(keys));
  const ADDRESS = 'claire.martin@medecin.sandbox.mssante.fr';

  /** What the server would store: the failure's protobuf bytes. */
  const wire = (failure: ProtoFailure) =>
    Buffer.from(temporal.api.failure.v1.Failure.encode(failure).finish()).toString('latin1');

  function mailboxFull(): ApplicationFailure {
    return ApplicationFailure.create({
      message: `the recipient's mailbox is full: 552 5.2.2 <${ADDRESS}>: mailbox full`,
      type: 'MssMAILBOX_FULL',
      cause: new Error(`RCPT TO <${ADDRESS}> refused`),
    });
  }

  it('keeps messages and stack traces, of the failure and its causes, out of what the server stores', async () => {
    const failure = await encodeErrorToFailure(converter, mailboxFull());
    expect(failure.message).toBe('Encoded failure');
    expect(failure.stackTrace).toBe('');
    expect(failure.cause?.message).toBe('Encoded failure');
    const stored = wire(failure);
    expect(stored).not.toContain('mssante.fr');
    expect(stored).not.toContain('failure-converter.spec');
    // The type stays readable: retry policies and the API's error mapping use it.
    expect(failure.applicationFailureInfo?.type).toBe('MssMAILBOX_FULL');
  });

  it('gives the message, the stack trace and the causes back to a holder of the keys', async () => {
    const failure = await encodeErrorToFailure(converter, mailboxFull());
    const error = await decodeOptionalFailureToOptionalError(converter, failure);
    expect(error).toBeInstanceOf(ApplicationFailure);
    expect(error?.message).toContain(`<${ADDRESS}>`);
    expect(error?.stack).toContain('failure-converter.spec');
    expect((error as ApplicationFailure).type).toBe('MssMAILBOX_FULL');
    expect((error?.cause as Error).message).toBe(`RCPT TO <${ADDRESS}> refused`);
  });

  it('still reads a failure recorded in clear before failures were encoded', async () => {
    const recorded: ProtoFailure = {
      message: 'MSSanté operator unavailable (SMTP 421)',
      stackTrace: 'ApplicationFailure: MSSanté operator unavailable (SMTP 421)\n    at send',
      applicationFailureInfo: { type: 'MssOPERATOR_UNAVAILABLE' },
    };
    const error = await decodeOptionalFailureToOptionalError(converter, recorded);
    expect(error?.message).toBe('MSSanté operator unavailable (SMTP 421)');
    expect((error as ApplicationFailure).type).toBe('MssOPERATOR_UNAVAILABLE');
  });
});
