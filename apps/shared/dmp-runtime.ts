import { readFileSync } from 'node:fs';
import type { DmpConfig } from '@app/config';
import type { DmpClientOptions, DmpEndpoints } from '@app/dmp';
import { Credential, TestPki, idNatStructOf, loadPkcs12 } from '@app/pki';

/** What a DmpClient needs, resolved from the configuration (the value sets are loaded where it is built). */
export type DmpRuntime = Omit<DmpClientOptions, 'valueSets' | 'onFiling'>;

/** The real DMP: endpoints and the structure's IGC-Santé certificates from configuration. */
export function configuredDmpRuntime(dmp: DmpConfig): DmpRuntime {
  const { endpoints, tlsPkcs12, signingPkcs12, caPath } = dmp;
  if (!endpoints || !tlsPkcs12 || !signingPkcs12 || !caPath) {
    throw new Error(
      'DMP_REPOSITORY_URL, DMP_REGISTRY_URL, DMP_TRANSACTIONS_URL, DMP_WEB_PORTAL_URL, DMP_TLS_PKCS12, ' +
        'DMP_SIGNING_PKCS12 and DMP_CA must be set to run against the DMP; `npm start` runs the DMP sandbox instead.',
    );
  }
  const auth = loadPkcs12(readFileSync(tlsPkcs12.path), tlsPkcs12.password);
  const sign = loadPkcs12(readFileSync(signingPkcs12.path), signingPkcs12.password);
  return dmpRuntime(dmp, endpoints, auth, sign, [readFileSync(caPath, 'utf8')]);
}

/** The local DMP sandbox, with the certificates of the test PKI. */
export function sandboxDmpRuntime(
  dmp: DmpConfig,
  endpoints: DmpEndpoints,
  pki: TestPki,
): DmpRuntime {
  return dmpRuntime(dmp, endpoints, pki.structureAuth, pki.structureSign, pki.caPem);
}

function dmpRuntime(
  dmp: DmpConfig,
  endpoints: DmpEndpoints,
  auth: Credential,
  sign: Credential,
  caPem: string[],
): DmpRuntime {
  return {
    endpoints,
    tls: {
      privateKeyPem: auth.privateKeyPem,
      certificatePem: auth.certificatePem,
      chainPem: auth.chainPem,
      caPem,
    },
    signer: { privateKeyPem: sign.privateKeyPem, certificatePem: sign.certificatePem },
    // Indirect mode: the VIHF names the structure the certificates belong to.
    structureIdNat: idNatStructOf(auth.certificatePem),
    sourceId: dmp.sourceOid,
    vihf: { version: dmp.vihfVersion, lps: dmp.lps },
    authorization: { maxAgeMonths: dmp.authorizationMaxAgeMonths },
  };
}
