import { Pool } from 'pg';
import type { DmpEndpoints } from '../client';
import { SandboxAdmin } from './admin';
import type { AddedDocument, OtherAuthorDocument } from './add-document';
import { type RunningServer, startHttpsServer } from './https-server';
import {
  DEFAULT_AUTHORIZATION_MAX_AGE_MONTHS,
  DEFAULT_REPOSITORY_UNIQUE_ID,
  type DmpSandboxOptions,
  SANDBOX_PATHS,
  type SandboxDocument,
  type SandboxIns,
} from './options';
import { sandboxRouter } from './routes';
import { ensureSandboxSchema } from './schema';
import { SandboxStore } from './store';

/**
 * A local stand-in for the national DMP: the same transactions (ITI-41, ITI-18,
 * ITI-43, TD0.2, TD0.3, TD0.9) over the same mutual TLS with the same VIHF,
 * checking what it receives as strictly as the DMP would, and keeping what it
 * accepts in PostgreSQL (schema `dmp_sandbox`). Tests and demos set patients
 * and authorisations up through the plain methods below, not over HTTP.
 */
export class DmpSandbox {
  private stopped = false;

  private constructor(
    readonly baseUrl: string,
    readonly endpoints: DmpEndpoints,
    private readonly server: RunningServer,
    private readonly pool: Pool,
    private readonly admin: SandboxAdmin,
  ) {}

  static async start(options: DmpSandboxOptions): Promise<DmpSandbox> {
    const log = options.log ?? (() => undefined);
    const pool = new Pool({ connectionString: options.databaseUrl, max: 4 });
    // An idle client's error (the database restarting) must not take the process down.
    pool.on('error', (error) => log(`database connection lost: ${error.message}`));
    try {
      await ensureSandboxSchema(pool);
      const store = new SandboxStore(pool);
      const host = options.host ?? '127.0.0.1';
      let baseUrl = '';
      const endpoints = (): DmpEndpoints => endpointsOf(baseUrl);
      const server = await startHttpsServer({
        host,
        port: options.port,
        serverTls: options.serverTls,
        trustedCaPem: options.trustedCaPem,
        log,
        route: sandboxRouter({
          services: {
            store,
            valueSets: options.valueSets,
            repositoryUniqueId: options.repositoryUniqueId ?? DEFAULT_REPOSITORY_UNIQUE_ID,
            authorizationMaxAgeMonths:
              options.authorizationMaxAgeMonths ?? DEFAULT_AUTHORIZATION_MAX_AGE_MONTHS,
          },
          trustedCaPem: options.trustedCaPem,
          // Known once the server listens (port 0 picks one).
          webPortalUrl: () => endpoints().webPortalUrl,
          log,
        }),
      });
      baseUrl = server.origin;
      log(`DMP sandbox listening on ${baseUrl}`);
      const admin = new SandboxAdmin(store, {
        valueSets: options.valueSets,
        repositoryUrl: endpoints().repositoryUrl,
      });
      return new DmpSandbox(baseUrl, endpoints(), server, pool, admin);
    } catch (error) {
      await pool.end();
      throw error;
    }
  }

  /** Closes the server, its open connections, and the database pool. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    try {
      await this.server.close();
    } finally {
      await this.pool.end();
    }
  }

  /** Makes the sandbox know the patient, with a DMP (by default) or without one. */
  registerPatient(ins: SandboxIns, state: { hasDmp?: boolean } = {}): Promise<void> {
    return this.admin.registerPatient(ins, state);
  }

  /** Sets the practitioner's authorisation on the patient's DMP (see SandboxAdmin). */
  setAuthorization(
    ins: SandboxIns,
    rpps: string,
    authorizedOn: string | null,
    status: 'VALIDE' | 'INTERDIT' = 'VALIDE',
  ): Promise<void> {
    return this.admin.setAuthorization(ins, rpps, authorizedOn, status);
  }

  /**
   * Sets (or clears, with undefined) the patient's médecin traitant DMP: "8" + RPPS as
   * the VIHF names them, or the bare RPPS. See SandboxAdmin.
   */
  setTreatingPhysician(ins: SandboxIns, practitionerIdNat: string | undefined): Promise<void> {
    return this.admin.setTreatingPhysician(ins, practitionerIdNat);
  }

  /** Files a document by another professional, as their software's ITI-41 would (see SandboxAdmin). */
  addDocument(input: OtherAuthorDocument): Promise<AddedDocument> {
    return this.admin.addDocument(input);
  }

  /** The documents held, of one patient or of all, oldest first. */
  documents(ins?: SandboxIns): Promise<SandboxDocument[]> {
    return this.admin.documents(ins);
  }

  /** The ITI-41 HTTP body exactly as received (and its Content-Type), and the CDA it carried. */
  submission(
    uniqueId: string,
  ): Promise<{ contentType: string; body: Buffer; cda: Buffer } | undefined> {
    return this.admin.submission(uniqueId);
  }
}

function endpointsOf(baseUrl: string): DmpEndpoints {
  return {
    repositoryUrl: `${baseUrl}${SANDBOX_PATHS.repository}`,
    registryUrl: `${baseUrl}${SANDBOX_PATHS.registry}`,
    transactionsUrl: `${baseUrl}${SANDBOX_PATHS.transactions}`,
    webPortalUrl: `${baseUrl}${SANDBOX_PATHS.webPortal}`,
  };
}
