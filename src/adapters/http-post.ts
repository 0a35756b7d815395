import type { HttpPost } from '../responses/sign/timestamp-authority.js';

/**
 * A time-stamp reply is a few KB (the token and the TSA's certificates); 1 MB cannot cut off a
 * real one and keeps a misbehaving server from filling memory.
 */
export const MAX_POST_RESPONSE_BYTES = 1024 * 1024;

/**
 * POST over HTTP(S) with global fetch: the port the RFC 3161 client uses. Redirects are refused:
 * a TSA URL that redirects is misconfigured, and following it would change where our requests
 * go without anyone deciding so. Errors name the host only, never the full URL (it may hold
 * credentials).
 */
/** Node's fetch says only "fetch failed"; the system error code underneath says why. */
function networkReason(error: unknown): string {
  const cause =
    error instanceof Error ? (error.cause as { code?: unknown } | undefined) : undefined;
  return typeof cause?.code === 'string' ? cause.code : 'network error';
}

export const httpPost: HttpPost = async (url, body, contentType, timeoutMs) => {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error('not a valid URL');
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new Error(`refusing to POST to a ${parsed.protocol} URL`);
  }
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      body: Buffer.from(body),
      headers: { 'content-type': contentType },
      redirect: 'error',
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    const timedOut = error instanceof DOMException && error.name === 'TimeoutError';
    throw new Error(
      timedOut
        ? `no answer from ${parsed.host} within ${timeoutMs} ms`
        : `${parsed.host} cannot be reached (${networkReason(error)})`,
      { cause: error },
    );
  }
  if (!response.ok) {
    await response.body?.cancel();
    throw new Error(`HTTP ${response.status} from ${parsed.host}`);
  }
  const declared = Number(response.headers.get('content-length') ?? 0);
  if (declared > MAX_POST_RESPONSE_BYTES) {
    await response.body?.cancel();
    throw new Error(
      `answer of ${declared} bytes from ${parsed.host} exceeds ${MAX_POST_RESPONSE_BYTES}`,
    );
  }
  const answer = new Uint8Array(await response.arrayBuffer());
  if (answer.byteLength > MAX_POST_RESPONSE_BYTES) {
    throw new Error(`answer from ${parsed.host} exceeds ${MAX_POST_RESPONSE_BYTES} bytes`);
  }
  return answer;
};
