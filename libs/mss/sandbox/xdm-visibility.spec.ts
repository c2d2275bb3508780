import MailComposer from 'nodemailer/lib/mail-composer';
import type Mail from 'nodemailer/lib/mailer';
import { NORMAL_VISIBILITY } from '@app/dmp';
import { aSubmission, testValueSets } from '../../dmp/xds/test-fixtures';
import { buildXdmPackage } from '../xdm';
import { invisibleToPatientReason } from './xdm-visibility';

/** An XDM built for a practitioner, as a software would, with this visibility. */
function xdm(hiddenFromPatient: boolean): Buffer {
  return buildXdmPackage({
    submission: aSubmission({ visibility: { ...NORMAL_VISIBILITY, hiddenFromPatient } }),
    valueSets: testValueSets(),
    sourceId: '1.2.250.1.999.2',
    submissionSetUniqueId: '2.25.329800735698586629295641978511506172918',
    entryUUID: 'urn:uuid:0f3e2c1a-5b6d-4e7f-8a9b-0c1d2e3f4a5b',
    submissionTime: new Date('2024-01-15T11:00:00Z'),
    intendedRecipients: [{ address: 'jean.dupont@medecin.mssante.fr' }],
    software: { name: 'Test', version: '1', vendor: 'Test' },
  }).zip;
}

function message(attachments: Mail.Attachment[]): Promise<Buffer> {
  return new MailComposer({
    from: 'camille.leroy@ortho.mssante.fr',
    to: '279035121518989@patient.mssante.fr',
    subject: 'Votre bilan',
    text: 'Bonjour,',
    attachments,
  })
    .compile()
    .build();
}

describe('a document invisible to the patient, found in the XDM of a message', () => {
  it('is named, whatever the case of the attachment name', async () => {
    const raw = await message([
      { filename: 'bilan.pdf', content: Buffer.from('%PDF-1.4'), contentType: 'application/pdf' },
      { filename: 'ihe_xdm.zip', content: xdm(true), contentType: 'application/zip' },
    ]);
    expect(invisibleToPatientReason(raw)).toMatch(/not visible to the patient.*INVISIBLE_PATIENT/);
  });

  it('is not found in a visible document, a message without XDM, or an unreadable zip', async () => {
    expect(
      invisibleToPatientReason(
        await message([
          { filename: 'IHE_XDM.ZIP', content: xdm(false), contentType: 'application/zip' },
        ]),
      ),
    ).toBeUndefined();
    expect(invisibleToPatientReason(await message([]))).toBeUndefined();
    expect(
      invisibleToPatientReason(
        await message([{ filename: 'IHE_XDM.ZIP', content: Buffer.from('not a zip') }]),
      ),
    ).toBeUndefined();
    // The same zip under another name is not an XDM package.
    expect(
      invisibleToPatientReason(
        await message([
          { filename: 'archive.zip', content: xdm(true), contentType: 'application/zip' },
        ]),
      ),
    ).toBeUndefined();
  });
});
