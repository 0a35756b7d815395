import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestPki, TEST_PKI_CACHE_DIR } from '../../../scripts/pki/build-test-pki.js';
import { toArrayBuffer } from '../../../scripts/pki/pem.js';
import { startPkiServer, type PkiServer } from '../../../scripts/pki/pki-server.js';
import { QC_OID, QC_STATEMENTS_EXTENSION_OID } from '../../../scripts/pki/qc-statements.js';
import { runOpenssl } from '../../../scripts/pki/run-openssl.js';
import type { PkiCredential, TestPki } from '../../../scripts/pki/test-pki-types.js';

// Its own instance: another test file runs a PKI server at the same time, on its own port.
const INSTANCE = 'pki-services-test';

let pki: TestPki;
let server: PkiServer;
let work: string;

beforeAll(async () => {
  pki = await buildTestPki(TEST_PKI_CACHE_DIR, { instance: INSTANCE });
  server = await startPkiServer(pki);
  work = await mkdtemp(join(tmpdir(), 'pki-services-test-'));
});

afterAll(async () => {
  await server?.close();
  if (work) await rm(work, { recursive: true, force: true });
});

/** The OIDs inside the qcStatements extension, or [] when the certificate has none. */
function qcStatementOids(credential: PkiCredential): string[] {
  const certificate = pkijs.Certificate.fromBER(toArrayBuffer(credential.certDer));
  const extension = certificate.extensions?.find((e) => e.extnID === QC_STATEMENTS_EXTENSION_OID);
  if (!extension) return [];
  const oids: string[] = [];
  const walk = (block: asn1js.BaseBlock): void => {
    if (block instanceof asn1js.ObjectIdentifier) oids.push(block.valueBlock.toString());
    if (block instanceof asn1js.Constructed) block.valueBlock.value.forEach(walk);
  };
  walk(asn1js.fromBER(extension.extnValue.valueBlock.valueHexView).result);
  return oids;
}

async function ocspStatus(
  name: keyof TestPki['signers'],
): Promise<{ stdout: string; stderr: string }> {
  const signer = pki.signers[name];
  return runOpenssl([
    'ocsp',
    '-issuer',
    pki.cas[signer.issuer].paths.cert,
    '-cert',
    signer.paths.cert,
    '-url',
    server.ocspUrl,
    '-CAfile',
    pki.trustAnchorsPath,
    '-resp_text',
  ]);
}

describe('the test PKI', () => {
  it('when built twice in a run, then the second call reuses the first build', async () => {
    const again = await buildTestPki(TEST_PKI_CACHE_DIR, { instance: INSTANCE });
    expect(again.dir).toBe(pki.dir);
    expect(again.signers.valid.certPem).toBe(pki.signers.valid.certPem);
    expect(pki.signers.valid.certPem).toContain('BEGIN CERTIFICATE');
    expect(pki.signers.valid.keyPem).toContain('BEGIN PRIVATE KEY');
  });

  it('then the qualified signers carry QcCompliance, QcSSCD and the right QcType, others none', () => {
    expect(qcStatementOids(pki.signers.valid)).toEqual([
      QC_OID.compliance,
      QC_OID.sscd,
      QC_OID.type,
      QC_OID.typeEsign,
    ]);
    expect(qcStatementOids(pki.signers.agencySeal)).toContain(QC_OID.typeEseal);
    expect(qcStatementOids(pki.signers.nonQualified)).toEqual([]);
  });

  it('then validity windows match their names', () => {
    const now = Date.now();
    expect(pki.signers.expired.notAfter.getTime()).toBeLessThan(now);
    expect(pki.signers.notYetValid.notBefore.getTime()).toBeGreaterThan(now);
    expect(pki.signers.valid.notBefore.getTime()).toBeLessThan(now);
    expect(pki.signers.valid.notAfter.getTime()).toBeGreaterThan(now);
  });

  it('then only certificates under the test root chain to the trust anchors', async () => {
    const verify = (credential: PkiCredential, chainPem: string): Promise<unknown> =>
      (async () => {
        const chain = join(work, `chain-${credential.serialHex}.pem`);
        await writeFile(chain, chainPem || pki.trustAnchorsPem);
        return runOpenssl([
          'verify',
          '-CAfile',
          pki.trustAnchorsPath,
          '-untrusted',
          chain,
          credential.paths.cert,
        ]);
      })();
    await expect(verify(pki.signers.valid, pki.signers.valid.chainPem)).resolves.toBeTruthy();
    await expect(verify(pki.tsa, '')).resolves.toBeTruthy();
    await expect(verify(pki.signers.untrusted, pki.signers.untrusted.chainPem)).rejects.toThrow(
      /unable to get local issuer certificate/,
    );
  });
});

describe('the OCSP responder', () => {
  it('when asked about the valid signer, then it answers good with nonce and update times', async () => {
    const { stdout, stderr } = await ocspStatus('valid');
    expect(stdout).toMatch(/valid\/cert\.pem: good/);
    expect(stdout).toContain('OCSP Nonce');
    expect(stdout).toMatch(/This Update: .*\n\s*Next Update: /);
    expect(stderr).toContain('Response verify OK');
    expect(stderr).not.toContain('no nonce');
  });

  it('when asked about the revoked signer, then it answers revoked with the revocation time', async () => {
    const { stdout } = await ocspStatus('revoked');
    expect(stdout).toMatch(/revoked\/cert\.pem: revoked/);
    expect(stdout).toContain('Reason: keyCompromise');
    expect(stdout).toMatch(/Revocation Time: /);
  });

  it('when asked about a certificate of another CA, then that CA answers for it', async () => {
    const { stdout, stderr } = await ocspStatus('nonQualified');
    expect(stdout).toMatch(/nonQualified\/cert\.pem: good/);
    expect(stderr).toContain('Response verify OK');
  });

  it('when asked with the RFC 6960 GET form, then it answers a successful response', async () => {
    const requestPath = join(work, 'ocsp-get.req');
    await runOpenssl([
      'ocsp',
      '-issuer',
      pki.cas.qualifiedCa.paths.cert,
      '-cert',
      pki.signers.revoked.paths.cert,
      '-reqout',
      requestPath,
    ]);
    const encoded = encodeURIComponent((await readFile(requestPath)).toString('base64'));
    const reply = await fetch(`${server.ocspUrl}/${encoded}`);
    expect(reply.status).toBe(200);
    expect(reply.headers.get('content-type')).toBe('application/ocsp-response');
    const response = pkijs.OCSPResponse.fromBER(await reply.arrayBuffer());
    expect(response.responseStatus.valueBlock.valueDec).toBe(0);
  });

  it('when OCSP is set down, then it answers 503 until it is brought back', async () => {
    const before = server.requests.ocsp;
    server.setDown('ocsp', true);
    try {
      const reply = await fetch(server.ocspUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/ocsp-request' },
        body: new Uint8Array([0x30, 0x00]),
      });
      expect(reply.status).toBe(503);
      await expect(ocspStatus('valid')).rejects.toThrow();
    } finally {
      server.setDown('ocsp', false);
    }
    expect(server.requests.ocsp).toBe(before + 2);
    await expect(ocspStatus('valid')).resolves.toBeTruthy();
  });
});

describe('the CRL and CA-issuer endpoints', () => {
  it('when the qualified CA CRL is fetched, then it lists the revoked signer and no one else', async () => {
    const reply = await fetch(server.crlUrl('qualifiedCa'));
    expect(reply.status).toBe(200);
    const crlPath = join(work, 'qualified.crl');
    await writeFile(crlPath, new Uint8Array(await reply.arrayBuffer()));
    const { stdout } = await runOpenssl([
      'crl',
      '-inform',
      'DER',
      '-in',
      crlPath,
      '-noout',
      '-text',
    ]);
    const serials = [...stdout.matchAll(/Serial Number: ([0-9A-F]+)/g)].map((m) => m[1]);
    expect(serials).toEqual([pki.signers.revoked.serialHex.toUpperCase()]);
    expect(stdout).toContain('Key Compromise');
    expect(server.requests.crl).toBeGreaterThanOrEqual(1);
  });

  it('when the issuer named in AIA is fetched, then it is the qualified CA certificate', async () => {
    const reply = await fetch(server.caIssuersUrl('qualifiedCa'));
    expect(new Uint8Array(await reply.arrayBuffer())).toEqual(pki.cas.qualifiedCa.certDer);
  });
});

describe('the time-stamping authority', () => {
  async function stamp(name: string): Promise<{ query: string; reply: string }> {
    const data = join(work, `${name}.txt`);
    const query = join(work, `${name}.tsq`);
    const reply = join(work, `${name}.tsr`);
    await writeFile(data, `Iesniegums — ${name}`);
    await runOpenssl(['ts', '-query', '-data', data, '-sha256', '-cert', '-out', query]);
    const response = await fetch(server.tsaUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/timestamp-query' },
      body: await readFile(query),
    });
    expect(response.headers.get('content-type')).toBe('application/timestamp-reply');
    await writeFile(reply, new Uint8Array(await response.arrayBuffer()));
    return { query, reply };
  }

  it('when asked for a token, then openssl ts -verify accepts it (nonce and imprint included)', async () => {
    const { query, reply } = await stamp('now');
    const { stdout } = await runOpenssl([
      'ts',
      '-verify',
      '-queryfile',
      query,
      '-in',
      reply,
      '-CAfile',
      pki.trustAnchorsPath,
    ]);
    expect(stdout).toContain('Verification: OK');
  });

  it('when the clock is set, then genTime is the configured time', async () => {
    server.setTsaClock(() => new Date('2024-03-01T10:00:00Z'));
    try {
      const { reply } = await stamp('clock');
      const { stdout } = await runOpenssl(['ts', '-reply', '-in', reply, '-text']);
      expect(stdout).toContain('Time stamp: Mar  1 10:00:00 2024 GMT');
      expect(stdout).toContain('Nonce: 0x');
    } finally {
      server.setTsaClock(() => new Date());
    }
  });

  it('when the TSA is set down, then it answers 503', async () => {
    server.setDown('tsa', true);
    try {
      const reply = await fetch(server.tsaUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/timestamp-query' },
        body: new Uint8Array([0x30, 0x00]),
      });
      expect(reply.status).toBe(503);
    } finally {
      server.setDown('tsa', false);
    }
  });
});
