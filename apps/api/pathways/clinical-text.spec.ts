import type { HistoryEntry } from '@app/workflows';
import { CLINICAL_TEXT_HIDDEN, withoutClinicalText } from './clinical-text';
import type { PathwayView } from './pathway.view';

const document = {
  documentId: 'd1',
  kind: 'bilan_initial' as const,
  title: 'Bilan — aphasie',
  documentDate: '2026-11-30',
  mediaType: 'application/pdf',
  sizeBytes: 10,
  sha256: 'x',
  receivedAt: '2026-11-30T10:00:00Z',
};
const referral = {
  referralId: 'r1',
  physician: { name: 'Dr Paul ROUX' },
  reason: 'Avis ORL',
  referredAt: '2026-11-30T10:00:00Z',
};
const patient = {
  id: 'p1',
  displayName: 'Maxime PAT-TROIS',
  birthDate: '2016-09-14',
  ins: { matricule: '116095145402797', oid: '1.2.250.1.213.1.4.10', identityStatus: 'QUAL' },
};
const entry = (seq: number, event: HistoryEntry['event']): HistoryEntry => ({
  seq,
  at: '2026-11-30T10:00:00Z',
  actor: { kind: 'user', id: '810000000101' },
  event,
});

describe('withoutClinicalText', () => {
  it('masks reasons, titles and the patient everywhere they appear, and keeps what is due, filed and sent', () => {
    const view = {
      patient,
      abandonReason: 'Hospitalisé',
      bilanInitial: {
        dueAt: '2026-12-30',
        document: { id: 'd1', title: 'Bilan — aphasie', href: '/x' },
        dmp: { status: 'filed' },
      },
      compteRendu: null,
      referrals: [referral],
      history: [
        entry(1, { type: 'document_received', document }),
        entry(2, { type: 'referred', referral }),
        entry(3, { type: 'abandoned', reason: 'Hospitalisé' }),
        entry(4, { type: 'completed' }),
      ],
      clinicalTextHidden: false,
    } as unknown as PathwayView;
    const masked = withoutClinicalText(view);
    const text = JSON.stringify(masked);
    for (const secret of [
      'aphasie',
      'Avis ORL',
      'Hospitalisé',
      'PAT-TROIS',
      '2016-09-14',
      '116095145402797',
    ])
      expect(text).not.toContain(secret);
    expect(masked).toMatchObject({
      abandonReason: CLINICAL_TEXT_HIDDEN,
      clinicalTextHidden: true,
      patient: { id: 'p1', displayName: CLINICAL_TEXT_HIDDEN, birthDate: null, ins: null },
      bilanInitial: { dueAt: '2026-12-30', dmp: { status: 'filed' }, document: { id: 'd1' } },
      referrals: [{ physician: { name: 'Dr Paul ROUX' }, reason: CLINICAL_TEXT_HIDDEN }],
    });
    expect(masked.history.map((e) => e.event.type)).toEqual([
      'document_received',
      'referred',
      'abandoned',
      'completed',
    ]);
    // The view it was made from is left as it was.
    expect(view.abandonReason).toBe('Hospitalisé');
  });

  it('leaves an absent reason absent', () => {
    const view = {
      patient,
      abandonReason: null,
      bilanInitial: { document: null },
      compteRendu: null,
      referrals: [],
      history: [],
    } as unknown as PathwayView;
    expect(withoutClinicalText(view).abandonReason).toBeNull();
  });
});
