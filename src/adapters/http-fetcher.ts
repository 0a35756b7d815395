import type { Fetcher } from '../signature/revocation/fetcher.js';

/** An OCSP or TSA answer that takes longer is treated as unavailable (the signature stays INDETERMINATE). */
export const FETCH_TIMEOUT_MS = 10_000;
/** Large national CRLs reach a few MB; beyond this the answer is refused. */
export const MAX_FETCH_BYTES = 32 * 1024 * 1024;
/** CRLs and CA certificates fetched by GET are reused this long within one process. */
export const GET_CACHE_TTL_MS = 10 * 60 * 1000;

/** The verifier's network port over HTTP(S): timeouts, size limit, a GET cache. */
export function createHttpFetcher(options: { timeoutMs?: number } = {}): Fetcher {
  const timeoutMs = options.timeoutMs ?? FETCH_TIMEOUT_MS;
  const cache = new Map<string, { at: number; body: Promise<Uint8Array> }>();

  const request = async (url: string, init: RequestInit): Promise<Uint8Array> => {
    const parsed = new URL(url);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
      throw new Error(`refusing to fetch ${parsed.protocol} URL`);
    const response = await fetch(url, {
      ...init,
      redirect: 'follow',
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (!response.ok) throw new Error(`HTTP ${response.status} from ${parsed.host}`);
    const declared = Number(response.headers.get('content-length') ?? 0);
    if (declared > MAX_FETCH_BYTES)
      throw new Error(`answer of ${declared} bytes exceeds ${MAX_FETCH_BYTES}`);
    const body = new Uint8Array(await response.arrayBuffer());
    if (body.byteLength > MAX_FETCH_BYTES)
      throw new Error(`answer exceeds ${MAX_FETCH_BYTES} bytes`);
    return body;
  };

  return {
    get(url) {
      const hit = cache.get(url);
      if (hit && Date.now() - hit.at < GET_CACHE_TTL_MS) return hit.body;
      const body = request(url, { method: 'GET' });
      cache.set(url, { at: Date.now(), body });
      body.catch(() => cache.delete(url));
      return body;
    },
    post(url, body, contentType) {
      return request(url, {
        method: 'POST',
        body: Buffer.from(body),
        headers: { 'content-type': contentType },
      });
    },
  };
}
