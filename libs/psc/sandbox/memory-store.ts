/**
 * Where oidc-provider keeps its sessions, codes, tokens and grants: in memory,
 * one store per sandbox. oidc-provider's own in-memory adapter is shared by
 * every provider of the process (two sandboxes would see each other's tokens)
 * and warns at each start; a sandbox that forgets everything when it stops is
 * what tests and `npm start` want.
 *
 * The interface is oidc-provider's adapter (its example/my_adapter.js):
 * one instance per model name (Session, AccessToken, Grant…).
 */
export interface StoredPayload {
  grantId?: string;
  uid?: string;
  userCode?: string;
  consumed?: number;
  [property: string]: unknown;
}

export interface ProviderAdapter {
  upsert(id: string, payload: StoredPayload, expiresIn?: number): Promise<void>;
  find(id: string): Promise<StoredPayload | undefined>;
  findByUid(uid: string): Promise<StoredPayload | undefined>;
  findByUserCode(userCode: string): Promise<StoredPayload | undefined>;
  consume(id: string): Promise<void>;
  destroy(id: string): Promise<void>;
  revokeByGrantId(grantId: string): Promise<void>;
}

export type ProviderAdapterConstructor = new (model: string) => ProviderAdapter;

/** Expired entries are swept when the store grows past this many. */
const SWEEP_ABOVE = 1000;

export function memoryStore(): ProviderAdapterConstructor {
  const entries = new Map<string, { payload: StoredPayload; expiresAt: number }>();
  const keysOfGrant = new Map<string, Set<string>>();
  const sessionIdOfUid = new Map<string, string>();
  const idOfUserCode = new Map<string, string>();

  const live = (key: string): StoredPayload | undefined => {
    const entry = entries.get(key);
    if (entry && entry.expiresAt <= Date.now()) {
      entries.delete(key);
      return undefined;
    }
    return entry?.payload;
  };
  const sweep = (): void => {
    const now = Date.now();
    for (const [key, entry] of entries) if (entry.expiresAt <= now) entries.delete(key);
    for (const [uid, id] of sessionIdOfUid) {
      if (!entries.has(`Session:${id}`)) sessionIdOfUid.delete(uid);
    }
    for (const [grantId, keys] of keysOfGrant) {
      for (const key of keys) if (!entries.has(key)) keys.delete(key);
      if (keys.size === 0) keysOfGrant.delete(grantId);
    }
  };

  return class MemoryStore implements ProviderAdapter {
    constructor(private readonly model: string) {}

    async upsert(id: string, payload: StoredPayload, expiresIn?: number): Promise<void> {
      if (entries.size > SWEEP_ABOVE) sweep();
      const key = this.key(id);
      const expiresAt = expiresIn ? Date.now() + expiresIn * 1000 : Number.POSITIVE_INFINITY;
      entries.set(key, { payload, expiresAt });
      if (this.model === 'Session' && payload.uid) sessionIdOfUid.set(payload.uid, id);
      if (payload.userCode) idOfUserCode.set(payload.userCode, id);
      if (payload.grantId) {
        const keys = keysOfGrant.get(payload.grantId) ?? new Set<string>();
        keys.add(key);
        keysOfGrant.set(payload.grantId, keys);
      }
    }

    async find(id: string): Promise<StoredPayload | undefined> {
      return live(this.key(id));
    }

    async findByUid(uid: string): Promise<StoredPayload | undefined> {
      const id = sessionIdOfUid.get(uid);
      return id === undefined ? undefined : this.find(id);
    }

    async findByUserCode(userCode: string): Promise<StoredPayload | undefined> {
      const id = idOfUserCode.get(userCode);
      return id === undefined ? undefined : this.find(id);
    }

    async consume(id: string): Promise<void> {
      const payload = live(this.key(id));
      if (payload) payload.consumed = Math.floor(Date.now() / 1000);
    }

    async destroy(id: string): Promise<void> {
      entries.delete(this.key(id));
    }

    async revokeByGrantId(grantId: string): Promise<void> {
      for (const key of keysOfGrant.get(grantId) ?? []) entries.delete(key);
      keysOfGrant.delete(grantId);
    }

    private key(id: string): string {
      return `${this.model}:${id}`;
    }
  };
}
