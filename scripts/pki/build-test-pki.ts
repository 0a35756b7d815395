import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as pkijs from 'pkijs';
import {
  CERTIFICATE_PROFILES,
  CRL_VALIDITY_DAYS,
  REVOCATION_BEFORE_BUILD_MS,
  type CertificateProfile,
  type EntityName,
} from './certificate-profiles.js';
import {
  generateCrl,
  generateKey,
  issueCertificate,
  opensslCaFiles,
  revokeInIndex,
  writeCaConfig,
} from './openssl-ca.js';
import { pemToDer, toArrayBuffer } from './pem.js';
import { pickFreePort } from './pick-free-port.js';
import {
  CA_NAMES,
  SIGNER_NAMES,
  pkiUrls,
  type CaName,
  type PkiAuthority,
  type PkiCredential,
  type PkiSigner,
  type TestPki,
} from './test-pki-types.js';

/** Where test files keep the PKI unless they have a reason not to: shared by the whole run. */
export const TEST_PKI_CACHE_DIR = join(tmpdir(), 'signed-intake-test-pki');

export interface BuildTestPkiOptions {
  /**
   * Loopback port to bake into the certificates' OCSP/CRL/CA-issuer URLs. Default: a port that
   * is free at build time, chosen once and stored with the cached build.
   */
  port?: number;
  /**
   * Name of a separate cached build in the same `dir` (own keys, own port). Test files that
   * start their PKI servers at the same time need different instances, because each server
   * must own the port its certificates name. Default `shared`.
   */
  instance?: string;
}

/**
 * A build is reused for this long. The relative validities (expired a year ago, valid from 30
 * days ahead, CRL current for 30 days) stay true far longer; the limit keeps a forgotten tmp
 * folder from serving yesterday's "now" to a verifier that checks freshness.
 */
const CACHE_MAX_AGE_MS = 6 * 60 * 60 * 1000;
const MS_PER_DAY = 24 * 60 * 60 * 1000;
const MANIFEST = 'pki.json';
/** The files whose text decides what gets built: editing any of them makes a new cache key. */
const BUILD_SOURCES = [
  'build-test-pki.ts',
  'certificate-profiles.ts',
  'openssl-ca.ts',
  'qc-statements.ts',
  'test-pki-types.ts',
];
const HASH_PREFIX_LENGTH = 16;

interface Manifest {
  port: number;
  builtAt: string;
  revokedAt: string;
}

/**
 * Builds (or reuses) the test PKI in `dir`: keys generated fresh by openssl, certificates issued
 * by `openssl ca`, CRLs from the CA databases. Concurrent callers (parallel test files) are safe:
 * each builds in a private folder and the first to rename it into place wins.
 */
export async function buildTestPki(
  dir: string,
  options: BuildTestPkiOptions = {},
): Promise<TestPki> {
  const version = await scriptVersion();
  const instance = `${options.instance ?? 'shared'}${options.port === undefined ? '' : `-port-${options.port}`}`;
  const target = join(dir, `pki-${version}`, instance);
  const cached = await loadIfFresh(target);
  if (cached) return cached;

  const staging = `${target}.building-${process.pid}-${randomUUID()}`;
  try {
    await buildInto(staging, options.port ?? (await pickFreePort()), new Date());
    // A stale build is replaced; a fresh one that appeared meanwhile makes the rename fail below.
    if ((await readManifest(target)) !== undefined && (await loadIfFresh(target)) === undefined) {
      await rm(target, { recursive: true, force: true });
    }
    await rename(staging, target);
  } catch (error) {
    const raced = await loadIfFresh(target);
    if (raced) return raced;
    throw error;
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
  return loadTestPki(target);
}

async function scriptVersion(): Promise<string> {
  const hash = createHash('sha256');
  for (const file of BUILD_SOURCES)
    hash.update(await readFile(new URL(`./${file}`, import.meta.url)));
  return hash.digest('hex').slice(0, HASH_PREFIX_LENGTH);
}

async function readManifest(target: string): Promise<Manifest | undefined> {
  try {
    return JSON.parse(await readFile(join(target, MANIFEST), 'utf8')) as Manifest;
  } catch {
    return undefined;
  }
}

async function loadIfFresh(target: string): Promise<TestPki | undefined> {
  const manifest = await readManifest(target);
  if (!manifest || Date.now() - Date.parse(manifest.builtAt) > CACHE_MAX_AGE_MS) return undefined;
  return loadTestPki(target);
}

function issuerCaOf(profile: CertificateProfile): CaName {
  return profile.issuer === 'self' ? (profile.name as CaName) : profile.issuer;
}

async function buildInto(root: string, port: number, builtAt: Date): Promise<void> {
  const urls = pkiUrls(port);
  const at = (days: number): Date => new Date(builtAt.getTime() + days * MS_PER_DAY);
  const entityDir = (name: EntityName): string => join(root, name);

  await Promise.all(
    CERTIFICATE_PROFILES.map(async (profile) => {
      await mkdir(entityDir(profile.name), { recursive: true });
      await generateKey(profile.key, join(entityDir(profile.name), 'key.pem'));
    }),
  );
  await Promise.all(CA_NAMES.map((ca) => writeCaConfig(opensslCaFiles(entityDir(ca)))));

  // `openssl ca` rewrites its index per issuance, so each CA issues one at a time; different
  // CAs work in parallel, and nothing is issued before its issuer's own certificate exists.
  const issued = new Map<EntityName, Promise<void>>();
  const perCaQueue = new Map<CaName, Promise<void>>();
  for (const profile of CERTIFICATE_PROFILES) {
    const ca = issuerCaOf(profile);
    const issuerReady = profile.issuer === 'self' ? Promise.resolve() : issued.get(profile.issuer);
    if (!issuerReady) throw new Error(`${profile.name} is listed before its issuer ${ca}`);
    const job = Promise.all([issuerReady, perCaQueue.get(ca)]).then(() =>
      issueCertificate({
        ca: opensslCaFiles(entityDir(ca)),
        selfSign: profile.issuer === 'self',
        subject: profile.subject,
        keyPath: join(entityDir(profile.name), 'key.pem'),
        certPath: join(entityDir(profile.name), 'cert.pem'),
        extensions: profile.extensions(urls),
        notBefore: at(profile.validity.fromDays),
        notAfter: at(profile.validity.toDays),
      }),
    );
    perCaQueue.set(ca, job);
    issued.set(profile.name, job);
  }
  await Promise.all(issued.values());

  const revokedAt = new Date(builtAt.getTime() - REVOCATION_BEFORE_BUILD_MS);
  const revoked = await readCredential(entityDir('revoked'));
  await revokeInIndex(
    opensslCaFiles(entityDir('qualifiedCa')),
    revoked.serialHex,
    revokedAt,
    'keyCompromise',
  );
  await Promise.all(
    CA_NAMES.map((ca) =>
      generateCrl(opensslCaFiles(entityDir(ca)), builtAt, at(CRL_VALIDITY_DAYS)),
    ),
  );
  await Promise.all(
    CERTIFICATE_PROFILES.map(async (profile) => {
      const certPem = await readFile(join(entityDir(profile.name), 'cert.pem'), 'utf8');
      await writeFile(join(entityDir(profile.name), 'cert.der'), pemToDer(certPem));
    }),
  );
  await writeFile(
    join(root, 'trust-anchors.pem'),
    await readFile(join(entityDir('root'), 'cert.pem'), 'utf8'),
  );
  const manifest: Manifest = {
    port,
    builtAt: builtAt.toISOString(),
    revokedAt: revokedAt.toISOString(),
  };
  await writeFile(join(root, MANIFEST), JSON.stringify(manifest, null, 2));
}

/** The subject CN of a parsed certificate, for messages and assertions. */
function commonNameOf(certificate: pkijs.Certificate): string {
  const cn = certificate.subject.typesAndValues.find((tv) => tv.type === '2.5.4.3');
  return cn ? String(cn.value.valueBlock.value) : '';
}

export function serialHexOf(certificate: pkijs.Certificate): string {
  const hex = Buffer.from(certificate.serialNumber.valueBlock.valueHexView).toString('hex');
  // DER adds a 00 byte to keep a positive integer positive; openssl's index leaves it out.
  return hex.replace(/^(00)+(?=..)/, '');
}

async function readCredential(folder: string): Promise<PkiCredential> {
  const paths = { cert: join(folder, 'cert.pem'), key: join(folder, 'key.pem') };
  const certPem = await readFile(paths.cert, 'utf8');
  const certDer = pemToDer(certPem);
  const certificate = pkijs.Certificate.fromBER(toArrayBuffer(certDer));
  return {
    commonName: commonNameOf(certificate),
    certDer,
    certPem,
    keyPem: await readFile(paths.key, 'utf8'),
    serialHex: serialHexOf(certificate),
    notBefore: certificate.notBefore.value,
    notAfter: certificate.notAfter.value,
    paths,
  };
}

/** Loads a finished build from disk. */
export async function loadTestPki(target: string): Promise<TestPki> {
  const manifest = await readManifest(target);
  if (!manifest) throw new Error(`no test PKI in ${target}`);
  const profileOf = (name: EntityName): CertificateProfile => {
    const profile = CERTIFICATE_PROFILES.find((p) => p.name === name);
    if (!profile) throw new Error(`no certificate profile named ${name}`);
    return profile;
  };

  const cas = {} as Record<CaName, PkiAuthority>;
  for (const ca of CA_NAMES) {
    const files = opensslCaFiles(join(target, ca));
    const credential = await readCredential(files.dir);
    const crlPem = await readFile(files.crl, 'utf8');
    cas[ca] = {
      ...credential,
      issuer: issuerCaOf(profileOf(ca)),
      crlPem,
      crlDer: pemToDer(crlPem),
      paths: { ...credential.paths, crl: files.crl, index: files.index },
    };
  }

  const chainOf = (ca: CaName): string => {
    const chain: string[] = [];
    for (let current = ca; cas[current].issuer !== current; current = cas[current].issuer) {
      chain.push(cas[current].certPem);
    }
    return chain.join('');
  };
  const signers = {} as Record<(typeof SIGNER_NAMES)[number], PkiSigner>;
  for (const name of SIGNER_NAMES) {
    const issuer = issuerCaOf(profileOf(name));
    signers[name] = {
      ...(await readCredential(join(target, name))),
      issuer,
      chainPem: chainOf(issuer),
      ...(name === 'revoked' ? { revokedAt: new Date(manifest.revokedAt) } : {}),
    };
  }

  const trustAnchorsPath = join(target, 'trust-anchors.pem');
  return {
    dir: target,
    port: manifest.port,
    builtAt: new Date(manifest.builtAt),
    urls: pkiUrls(manifest.port),
    cas,
    signers,
    tsa: await readCredential(join(target, 'tsa')),
    ocspResponder: await readCredential(join(target, 'ocspResponder')),
    trustAnchorsPem: await readFile(trustAnchorsPath, 'utf8'),
    trustAnchorsPath,
  };
}
