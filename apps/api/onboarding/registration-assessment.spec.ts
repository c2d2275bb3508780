import type { PractitionerRow } from '@app/persistence';
import type { ListedProfessional } from './annuaire-lookup';
import { assessListing, assessMembership, chooseMailbox } from './registration-assessment';

const PER = 'julien.faure@ortho.sandbox.mssante.fr';
const MSP = 'orthophonie@msp-coteaux.sandbox.mssante.fr';

function listed(extra: Partial<ListedProfessional> = {}): ListedProfessional {
  return {
    id: '003-99700000112',
    rpps: '99700000112',
    idNatPs: '899700000112',
    active: true,
    familyName: 'FAURE',
    givenNames: ['Julien'],
    displayName: 'Julien FAURE',
    mailboxes: [],
    professionCodes: ['91'],
    orthophoniste: true,
    personalMailboxes: [PER, MSP],
    ...extra,
  };
}

function row(extra: Partial<PractitionerRow>): PractitionerRow {
  return {
    id: 'p1',
    rpps: '99700000112',
    familyName: 'FAURE',
    givenNames: 'Julien',
    professionCode: '91',
    cptsId: null,
    mssAddress: null,
    structureIdNat: null,
    structureName: null,
    facilityTypeCode: null,
    practiceSettingCode: null,
    billingNumber: null,
    directorySyncedAt: null,
    createdAt: new Date(),
    ...extra,
  };
}

describe('chooseMailbox', () => {
  it("takes the only mailbox, or none, or the one named in the directory's spelling", () => {
    expect(chooseMailbox(undefined, [PER], undefined)).toEqual({ address: PER });
    expect(chooseMailbox(undefined, [], undefined)).toEqual({ address: null });
    expect(chooseMailbox(MSP.toUpperCase(), [PER, MSP], undefined)).toEqual({ address: MSP });
  });

  it('keeps the address already recorded when it is still listed', () => {
    expect(chooseMailbox(undefined, [PER, MSP], { mssAddress: MSP })).toEqual({ address: MSP });
  });

  it('lets nobody choose for the practitioner among several, nor name one the directory does not list', () => {
    const several = chooseMailbox(undefined, [PER, MSP], { mssAddress: 'old@x.mssante.fr' });
    expect(several).toMatchObject({
      choices: [PER, MSP],
      refusal: { field: 'mssAddress', problem: expect.stringContaining(`${PER}, ${MSP}`) },
    });
    expect(chooseMailbox('someone@else.mssante.fr', [PER], undefined)).toMatchObject({
      refusal: { field: 'mssAddress', problem: expect.stringContaining(PER) },
    });
  });
});

describe('assessMembership', () => {
  const context = { cptsId: 'c1', mayMoveMembers: false };

  it('refuses a member of this CPTS, and of another for a coordinator; asks the directory otherwise', () => {
    expect(assessMembership(row({ cptsId: 'c1' }), context)?.outcome).toBe('already_member');
    expect(assessMembership(row({ cptsId: 'c2' }), context)?.outcome).toBe('in_another_cpts');
    expect(assessMembership(row({ cptsId: 'c2' }), { ...context, mayMoveMembers: true })).toBe(
      undefined,
    );
    expect(assessMembership(row({ cptsId: null }), context)).toBeUndefined();
    expect(assessMembership(undefined, context)).toBeUndefined();
  });
});

describe('assessListing', () => {
  const request = { rpps: '99700000112', opensPathways: true, mssAddress: PER };

  it('registers an orthophoniste with the chosen mailbox and the billing number given', () => {
    expect(assessListing({ ...request, billingNumber: '511234567' }, listed(), undefined)).toEqual({
      outcome: 'found',
      name: 'Julien FAURE',
      leaves: null,
      registration: {
        rpps: '99700000112',
        familyName: 'FAURE',
        givenNames: 'Julien',
        professionCode: '91',
        mssAddress: PER,
        billingNumber: '511234567',
      },
    });
  });

  it('refuses the unknown, the closed exercise, and a physician who would open pathways', () => {
    expect(assessListing(request, undefined, undefined)).toMatchObject({
      outcome: 'unknown',
      refusal: { code: 'not_found', field: 'rpps' },
    });
    expect(assessListing(request, listed({ active: false }), undefined)).toMatchObject({
      outcome: 'unknown',
      refusal: { code: 'invalid', problem: expect.stringContaining('closed') },
    });
    const physician = listed({ professionCodes: ['10'], orthophoniste: false });
    expect(assessListing(request, physician, undefined)).toMatchObject({
      outcome: 'not_orthophoniste',
      refusal: { field: 'rpps', problem: expect.stringContaining('not an orthophoniste') },
    });
    expect(assessListing({ ...request, opensPathways: false }, physician, undefined)).toMatchObject(
      { outcome: 'found', registration: { professionCode: '10' } },
    );
  });

  it('asks which mailbox when several are listed and none is named', () => {
    expect(
      assessListing({ rpps: '99700000112', opensPathways: true }, listed(), undefined),
    ).toMatchObject({ outcome: 'needs_mss_choice', choices: [PER, MSP] });
  });
});
