import type { Fetcher } from '../../signature/revocation/fetcher.js';
import { checkSize } from './add-dss-limits.js';

/** What one `addValidationData` call shares between its chains: the network and its answers. */
export interface LtSession {
  fetcher: Fetcher;
  /** Now: answers must be current at this time. */
  at: Date;
  /** GET answers by URL, for this call only: one root CRL serves the issuing CA and the TSA. */
  gets: Map<string, Promise<Uint8Array>>;
}

export function createLtSession(fetcher: Fetcher, at: Date): LtSession {
  return { fetcher, at, gets: new Map() };
}

/** One GET per URL and call, refused above `limit` bytes. */
export function getOnce(session: LtSession, url: string, limit: number): Promise<Uint8Array> {
  let pending = session.gets.get(url);
  if (!pending) {
    pending = session.fetcher.get(url).then((bytes) => checkSize(bytes, limit));
    session.gets.set(url, pending);
  }
  return pending;
}
