import { SandboxDirectory, checkSender, organizationalUnits } from './directory';

describe('sandbox directory', () => {
  const directory = new SandboxDirectory([
    { address: 'Secretariat@Cabinet.mssante.fr', kind: 'ORG', structureIdNat: '499700000001005' },
    { address: 'claire.martin@medecin.mssante.fr', kind: 'PER' },
  ]);

  it('finds addresses whatever their case, and stores them in lower case', () => {
    expect(directory.find('CLAIRE.MARTIN@medecin.MSSANTE.fr')?.address).toBe(
      'claire.martin@medecin.mssante.fr',
    );
    expect(directory.find('secretariat@cabinet.mssante.fr')?.address).toBe(
      'secretariat@cabinet.mssante.fr',
    );
    expect(directory.find('inconnu@medecin.mssante.fr')).toBeUndefined();
  });

  it('refuses addresses that could name another folder on disk', () => {
    expect(() => directory.add({ address: '../etc@x', kind: 'PER' })).toThrow(/not a mailbox/);
    expect(() => directory.add({ address: 'a/b@x', kind: 'PER' })).toThrow(/not a mailbox/);
    expect(() => directory.add({ address: 'no-at-sign', kind: 'PER' })).toThrow(/not a mailbox/);
  });

  it("lets a structure's certificate send only from its own mailboxes", () => {
    expect(
      checkSender(directory, 'secretariat@cabinet.mssante.fr', ['499700000001005']),
    ).toMatchObject({
      ok: true,
    });
    expect(checkSender(directory, 'secretariat@cabinet.mssante.fr', ['499700000009999'])).toEqual({
      ok: false,
      code: 553,
      message: expect.stringMatching(/^5\.7\.1 /),
    });
    // A mailbox bound to no structure accepts any certificate of the trusted PKI.
    expect(checkSender(directory, 'claire.martin@medecin.mssante.fr', [])).toMatchObject({
      ok: true,
    });
    expect(checkSender(directory, 'inconnu@medecin.mssante.fr', ['499700000001005'])).toMatchObject(
      {
        ok: false,
        code: 553,
      },
    );
  });

  it('never lets a patient mailbox send, and keeps its INS out of the reply', () => {
    const withPatient = new SandboxDirectory([
      { address: '279035121518989@patient.mssante.fr', kind: 'PATIENT' },
    ]);
    const verdict = checkSender(withPatient, '279035121518989@patient.mssante.fr', []);
    expect(verdict).toEqual({
      ok: false,
      code: 553,
      message: expect.stringMatching(/^5\.7\.1 a patient mailbox \(Mon espace santé\) cannot send/),
    });
    expect(JSON.stringify(verdict)).not.toContain('279035121518989');
  });

  it('reads every OU of a subject as node:crypto prints it', () => {
    expect(
      organizationalUnits('C=FR\nST=Paris (75)\nO=CABINET\nOU=499700000001005\nOU=other\nCN=X'),
    ).toEqual(['499700000001005', 'other']);
    expect(organizationalUnits(undefined)).toEqual([]);
  });
});
