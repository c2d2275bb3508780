import { billingOf } from './billing';

describe('billingOf', () => {
  it("puts the orthophoniste's own numbers in the prescripteur box", () => {
    const billing = billingOf({ rpps: '10000000015', billingNumber: ' 751234567 ' });
    expect(billing).toMatchObject({
      prescripteurRpps: '10000000015',
      prescripteurBillingNumber: '751234567',
      billingNumberMissing: false,
    });
    expect(billing.instruction).toContain('« Prescripteur »');
    expect(billing.instruction).toContain('751234567, RPPS 10000000015');
    expect(billing.instruction).toMatch(/restent à votre charge/);
    expect(billing.instruction).not.toMatch(/pas enregistré/);
  });

  it('says when the billing number is not on record', () => {
    for (const billingNumber of [null, '', '   ']) {
      const billing = billingOf({ rpps: '10000000015', billingNumber });
      expect(billing).toMatchObject({
        prescripteurBillingNumber: null,
        billingNumberMissing: true,
      });
      expect(billing.instruction).toMatch(/n’est pas enregistré/);
    }
    expect(billingOf(undefined)).toMatchObject({
      prescripteurRpps: null,
      billingNumberMissing: true,
    });
  });
});
