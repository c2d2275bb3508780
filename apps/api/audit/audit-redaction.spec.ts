import { DomainError } from '@app/domain';
import { AuditQuery, auditFilter } from './audit.dto';
import { auditPayloadWithoutClinicalText } from './audit-redaction';

describe('auditPayloadWithoutClinicalText', () => {
  const document = {
    documentId: 'd1',
    kind: 'bilan_initial',
    title: 'Bilan — dysphagie après AVC',
    documentDate: '2026-11-20',
    sha256: 'ab',
  };

  it('hides document titles, referral and abandon reasons; keeps the rest', () => {
    expect(auditPayloadWithoutClinicalText('document_received', { document })).toEqual({
      document: { ...document, title: '[masqué]' },
    });
    expect(
      auditPayloadWithoutClinicalText('document_replaced', { document, replacedDocumentId: 'd0' }),
    ).toEqual({ document: { ...document, title: '[masqué]' }, replacedDocumentId: 'd0' });
    const referral = {
      referralId: 'r1',
      physician: { name: 'Dr Paul ROUX' },
      reason: 'Avis ORL : suspicion de surdité',
      referredAt: '2026-11-20T10:00:00Z',
    };
    expect(auditPayloadWithoutClinicalText('referred', { referral })).toEqual({
      referral: { ...referral, reason: '[masqué]' },
    });
    expect(auditPayloadWithoutClinicalText('abandoned', { reason: 'hospitalisée' })).toEqual({
      reason: '[masqué]',
    });
  });

  it('leaves other events, and payloads of an unexpected shape, as they are', () => {
    const opened = { policy: { reminderEvery: 'P7D' }, bilanInitialDueAt: '2026-12-20' };
    expect(auditPayloadWithoutClinicalText('opened', opened)).toBe(opened);
    expect(auditPayloadWithoutClinicalText('document_received', { document: null })).toEqual({
      document: null,
    });
    expect(auditPayloadWithoutClinicalText('abandoned', {})).toEqual({});
  });
});

describe('auditFilter', () => {
  const query = (fields: Partial<AuditQuery>): AuditQuery =>
    Object.assign(new AuditQuery(), fields);

  it('turns the query into days and types', () => {
    expect(auditFilter(query({}))).toEqual({});
    expect(
      auditFilter(
        query({ from: '2026-11-01', to: '2026-11-30', type: 'referred,opened,referred' }),
      ),
    ).toEqual({ fromDay: '2026-11-01', toDay: '2026-11-30', types: ['referred', 'opened'] });
    expect(auditFilter(query({ from: '2026-11-01', to: '2026-11-01' }))).toMatchObject({
      fromDay: '2026-11-01',
      toDay: '2026-11-01',
    });
  });

  it('refuses a period that ends before it starts, naming to', () => {
    let error: unknown;
    try {
      auditFilter(query({ from: '2026-11-02', to: '2026-11-01' }));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).problems).toEqual([
      { field: 'to', problem: 'must not be before from' },
    ]);
  });
});
