import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { answerOcspRequest, DEFAULT_OCSP_VALIDITY_MINUTES } from './ocsp-responder.js';
import { answerTimestampRequest } from './tsa-responder.js';
import {
  CA_NAMES,
  PKI_HOST,
  PKI_SERVICES,
  type CaName,
  type PkiService,
  type TestPki,
} from './test-pki-types.js';

/** OCSP and time-stamp requests are a few hundred bytes; anything far larger is a client bug. */
const MAX_REQUEST_BYTES = 64 * 1024;
const HTTP_STATUS = {
  ok: 200,
  badRequest: 400,
  notFound: 404,
  methodNotAllowed: 405,
  payloadTooLarge: 413,
  unsupportedMediaType: 415,
  internalError: 500,
  unavailable: 503,
} as const;
const CONTENT_TYPE = {
  ocspRequest: 'application/ocsp-request',
  ocspResponse: 'application/ocsp-response',
  timestampQuery: 'application/timestamp-query',
  timestampReply: 'application/timestamp-reply',
  crl: 'application/pkix-crl',
  certificate: 'application/pkix-cert',
} as const;

export interface PkiServerOptions {
  /** genTime source for the TSA; default the real clock. Can be changed later with setTsaClock. */
  tsaClock?: () => Date;
  /** How far ahead OCSP nextUpdate lies. */
  ocspValidityMinutes?: number;
}

export interface PkiServer {
  url: string;
  ocspUrl: string;
  tsaUrl: string;
  crlUrl(ca: CaName): string;
  caIssuersUrl(ca: CaName): string;
  /** Requests received per service, including those answered 503 while down. */
  requests: Readonly<Record<PkiService, number>>;
  /** While down, the service answers 503 Service Unavailable. */
  setDown(service: PkiService, down: boolean): void;
  setTsaClock(clock: () => Date): void;
  close(): Promise<void>;
}

function readBody(request: IncomingMessage): Promise<Uint8Array | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_REQUEST_BYTES) {
        resolve(undefined);
        request.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))));
    request.on('error', reject);
  });
}

function send(
  response: ServerResponse,
  status: number,
  body: Uint8Array | string,
  type = 'text/plain',
): void {
  response.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body) });
  response.end(body);
}

/** Which service a request is for, by path alone, so outages and counters apply before parsing. */
function serviceOf(path: string): PkiService | undefined {
  if (path === '/ocsp' || path.startsWith('/ocsp/')) return 'ocsp';
  if (path === '/tsa') return 'tsa';
  if (path.startsWith('/crl/')) return 'crl';
  if (path.startsWith('/ca/')) return 'caIssuers';
  return undefined;
}

/** `/crl/<ca>.crl` or `/ca/<ca>.cer` → the CA, if it is one of ours. */
function caInPath(path: string, prefix: string, suffix: string): CaName | undefined {
  if (!path.startsWith(prefix) || !path.endsWith(suffix)) return undefined;
  const name = path.slice(prefix.length, path.length - suffix.length);
  return CA_NAMES.find((ca) => ca === name);
}

/**
 * Serves the PKI on the loopback port its certificates name: OCSP (POST and RFC 6960 GET),
 * CRLs and CA certificates (GET, DER) and an RFC 3161 TSA. Fails clearly if the port is taken,
 * since certificates pointing at someone else's server would make every revocation check lie.
 */
export async function startPkiServer(
  pki: TestPki,
  options: PkiServerOptions = {},
): Promise<PkiServer> {
  const requests: Record<PkiService, number> = { ocsp: 0, crl: 0, caIssuers: 0, tsa: 0 };
  const down = new Set<PkiService>();
  let tsaClock = options.tsaClock ?? (() => new Date());

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = new URL(request.url ?? '/', pki.urls.base).pathname;
    const service = serviceOf(path);
    if (!service) return send(response, HTTP_STATUS.notFound, 'not found');
    requests[service] += 1;
    if (down.has(service)) {
      return send(response, HTTP_STATUS.unavailable, `${service} is down for this test`);
    }
    switch (service) {
      case 'crl':
      case 'caIssuers': {
        if (request.method !== 'GET')
          return send(response, HTTP_STATUS.methodNotAllowed, 'GET only');
        const ca =
          service === 'crl' ? caInPath(path, '/crl/', '.crl') : caInPath(path, '/ca/', '.cer');
        if (!ca) return send(response, HTTP_STATUS.notFound, 'no such CA');
        return service === 'crl'
          ? send(response, HTTP_STATUS.ok, pki.cas[ca].crlDer, CONTENT_TYPE.crl)
          : send(response, HTTP_STATUS.ok, pki.cas[ca].certDer, CONTENT_TYPE.certificate);
      }
      case 'ocsp': {
        let der: Uint8Array | undefined;
        if (request.method === 'GET') {
          // RFC 6960 A.1: GET {url}/{url-encoding of base-64 encoding of the DER request}.
          const encoded = decodeURIComponent(path.slice('/ocsp/'.length));
          der = new Uint8Array(Buffer.from(encoded, 'base64'));
        } else if (request.method === 'POST') {
          if (request.headers['content-type'] !== CONTENT_TYPE.ocspRequest) {
            return send(response, HTTP_STATUS.unsupportedMediaType, CONTENT_TYPE.ocspRequest);
          }
          der = await readBody(request);
          if (!der) return send(response, HTTP_STATUS.payloadTooLarge, 'request too large');
        } else {
          return send(response, HTTP_STATUS.methodNotAllowed, 'GET or POST');
        }
        const answer = await answerOcspRequest(pki, der, {
          validityMinutes: options.ocspValidityMinutes ?? DEFAULT_OCSP_VALIDITY_MINUTES,
        });
        return send(response, HTTP_STATUS.ok, answer, CONTENT_TYPE.ocspResponse);
      }
      case 'tsa': {
        if (request.method !== 'POST')
          return send(response, HTTP_STATUS.methodNotAllowed, 'POST only');
        if (request.headers['content-type'] !== CONTENT_TYPE.timestampQuery) {
          return send(response, HTTP_STATUS.unsupportedMediaType, CONTENT_TYPE.timestampQuery);
        }
        const der = await readBody(request);
        if (!der) return send(response, HTTP_STATUS.payloadTooLarge, 'request too large');
        const answer = answerTimestampRequest(pki.tsa, der, { clock: tsaClock });
        return send(response, HTTP_STATUS.ok, answer, CONTENT_TYPE.timestampReply);
      }
    }
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) {
        send(
          response,
          HTTP_STATUS.internalError,
          error instanceof Error ? error.message : String(error),
        );
      } else {
        response.destroy();
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'EADDRINUSE'
          ? new Error(
              `the test PKI in ${pki.dir} names ${pki.urls.base} in its certificates, but port ` +
                `${pki.port} is already in use. Is another PKI server for this build running (a ` +
                `parallel test file)? Give each file its own buildTestPki instance.`,
              { cause: error },
            )
          : error,
      );
    });
    server.listen({ host: PKI_HOST, port: pki.port, exclusive: true }, () => resolve());
  });
  const address = server.address() as AddressInfo;
  if (address.port !== pki.port) throw new Error(`server bound ${address.port}, not ${pki.port}`);

  return {
    url: pki.urls.base,
    ocspUrl: pki.urls.ocsp,
    tsaUrl: pki.urls.tsa,
    crlUrl: (ca) => pki.urls.crl(ca),
    caIssuersUrl: (ca) => pki.urls.caIssuers(ca),
    requests,
    setDown: (service, isDown) => {
      if (!PKI_SERVICES.includes(service)) throw new Error(`unknown PKI service ${service}`);
      if (isDown) down.add(service);
      else down.delete(service);
    },
    setTsaClock: (clock) => {
      tsaClock = clock;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
