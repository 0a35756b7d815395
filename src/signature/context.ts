import type { ChainContext } from './chain/validate-chain.js';
import type { Fetcher } from './revocation/fetcher.js';
import type { TrustStore } from './trust/trust-store.js';

/** Everything a verification needs besides the bytes: time, trust, network (or none), caches. */
export interface VerifyContext extends ChainContext {
  /** The validation time ("now" unless --at). */
  at: Date;
}

export interface VerifyOptions {
  trust: TrustStore;
  at?: Date;
  fetcher?: Fetcher;
  offline?: boolean;
}

/** One context per run: its caches are what make verifying many files cheap. */
export function createVerifyContext(options: VerifyOptions): VerifyContext {
  return {
    trust: options.trust,
    at: options.at ?? new Date(),
    offline: options.offline ?? false,
    fetcher: options.offline ? undefined : options.fetcher,
    cache: new Map(),
    issuerCache: new Map(),
  };
}
