/**
 * The network port of the verifier. The verifier never opens a socket itself; the caller passes an
 * implementation (HTTP with timeouts and caching in src/adapters, a loopback PKI in tests) or none
 * at all for offline verification.
 */
export interface Fetcher {
  get(url: string): Promise<Uint8Array>;
  post(url: string, body: Uint8Array, contentType: string): Promise<Uint8Array>;
}
