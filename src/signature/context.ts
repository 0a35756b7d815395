import type { ChainContext } from './chain/validate-chain.js';
import type { Fetcher } from './revocation/fetcher.js';
import type { TrustStore } from './trust/trust-store.js';

/** Everything a verification needs besides the bytes: time, trust, network (or none), caches. */
export type VerifyContext = ChainContext;

export interface VerifyCaches {
  cache: ChainContext['cache'];
  issuerCache: ChainContext['issuerCache'];
}

export interface VerifyOptions {
  trust: TrustStore;
  /** The validation time; default now. A long-running worker makes a context per job. */
  at?: Date;
  fetcher?: Fetcher;
  offline?: boolean;
  /** Shared caches (revocation answers expire by themselves); default fresh ones. */
  caches?: VerifyCaches;
}

export function createVerifyCaches(): VerifyCaches {
  return { cache: new Map(), issuerCache: new Map() };
}

/** Trust and caches are what make verifying many files cheap; the time is per verification. */
export function createVerifyContext(options: VerifyOptions): VerifyContext {
  const caches = options.caches ?? createVerifyCaches();
  return {
    trust: options.trust,
    at: options.at ?? new Date(),
    offline: options.offline ?? false,
    fetcher: options.offline ? undefined : options.fetcher,
    cache: caches.cache,
    issuerCache: caches.issuerCache,
  };
}
