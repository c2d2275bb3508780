import { documentsPage, escapeHtml } from './web-portal-page';
import type { StoredEntry } from './store';

describe('sandbox portal page', () => {
  it('escapes what it shows', () => {
    expect(escapeHtml(`<b a="1">'&'</b>`)).toBe(
      '&lt;b a=&quot;1&quot;&gt;&#39;&amp;&#39;&lt;/b&gt;',
    );
  });

  it('lists titles, dates in Paris time, types and authors', () => {
    const entry = {
      uniqueId: '1.2.3',
      entryUUID: 'urn:uuid:00000000-0000-4000-8000-000000000000',
      status: 'Approved',
      patientIns: { matricule: '279035121518989', oid: '1.2.250.1.213.1.4.10' },
      setId: '1.2',
      versionNumber: 1,
      metadata: {
        entryUUID: 'urn:uuid:00000000-0000-4000-8000-000000000000',
        title: 'Bilan <initial>',
        creationTime: '20250314093015',
        typeCode: {
          code: '47420-5',
          codeSystem: '2.16.840.1.113883.6.1',
          displayName: 'CR de bilan',
        },
        authors: [
          {
            authorPerson: '810000000101^LEROY^Camille^^^^^^&1.2.250.1.71.4.2.1&ISO^D^^^IDNPS',
            authorInstitution: [],
            authorRole: [],
            authorSpecialty: [],
          },
        ],
        sourcePatientInfo: [],
        confidentialityCodes: [],
        eventCodes: [],
      },
    } satisfies StoredEntry;
    const html = documentsPage({
      patientIns: entry.patientIns,
      practitionerId: '810000000101',
      structureId: '499700000001005',
      entries: [entry],
    });
    expect(html).toContain('<td>Bilan &lt;initial&gt;</td><td>14/03/2025 10:30</td>');
    expect(html).toContain('<td>CR de bilan</td><td>Camille LEROY</td>');
    expect(html).toContain('810000000101');
  });
});
