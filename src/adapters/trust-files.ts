import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { TrustStore } from '../signature/trust/trust-store.js';
import { parseTrustedList, type TrustedList } from '../signature/trust/trusted-list.js';
import { verifyTrustedListSignature } from '../signature/trust/verify-trusted-list-signature.js';
import { parseCertificate, type Certificate } from '../signature/x509/certificate.js';

const CERT_EXTENSIONS = /\.(pem|crt|cer|der)$/i;
/** A trust folder is a handful of CA files; anything beyond this is a wrong path (e.g. "/"). */
export const MAX_TRUST_FILES = 5_000;

export class TrustFileError extends Error {
  override readonly name = 'TrustFileError';
}

/** Certificates from PEM (one or many) or DER bytes. */
export function certificatesFromBytes(bytes: Uint8Array, source: string): Certificate[] {
  const text = Buffer.from(bytes).toString('latin1');
  const pems = [
    ...text.matchAll(/-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/g),
  ];
  try {
    if (pems.length > 0)
      return pems.map((m) =>
        parseCertificate(Buffer.from((m[1] ?? '').replace(/\s+/g, ''), 'base64')),
      );
    return [parseCertificate(bytes)];
  } catch (error) {
    throw new TrustFileError(
      `${source}: not a certificate (${error instanceof Error ? error.message : String(error)})`,
    );
  }
}

function listFiles(path: string): string[] {
  let stat;
  try {
    stat = statSync(path);
  } catch {
    throw new TrustFileError(`${path}: no such file or folder`);
  }
  if (!stat.isDirectory()) return [path];
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
      a.name.localeCompare(b.name),
    )) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (CERT_EXTENSIONS.test(entry.name)) out.push(full);
      if (out.length > MAX_TRUST_FILES)
        throw new TrustFileError(`${path}: more than ${MAX_TRUST_FILES} certificate files`);
    }
  };
  walk(path);
  return out;
}

/**
 * Builds the run's trust store from anchor files/folders and trusted-list XML files. When list
 * signer certificates are given, every list must carry a valid signature by one of them.
 */
export function loadTrustStore(
  anchorPaths: readonly string[],
  trustedListPaths: readonly string[],
  listSignerPaths: readonly string[] = [],
): TrustStore {
  const listSigners = listSignerPaths.flatMap((path) =>
    listFiles(path).flatMap((file) => certificatesFromBytes(readFileSync(file), file)),
  );
  const anchors: Array<{ certificate: Certificate; source: string }> = [];
  for (const path of anchorPaths) {
    for (const file of listFiles(path)) {
      for (const certificate of certificatesFromBytes(readFileSync(file), file))
        anchors.push({ certificate, source: file });
    }
  }
  const lists: TrustedList[] = trustedListPaths.map((file) => {
    let bytes: Uint8Array;
    try {
      bytes = readFileSync(file);
    } catch {
      throw new TrustFileError(`${file}: cannot read the trusted list`);
    }
    if (listSigners.length > 0) {
      const signature = verifyTrustedListSignature(bytes, file, listSigners);
      if (!signature.ok) throw new TrustFileError(`trusted list refused: ${signature.detail}`);
    }
    try {
      return parseTrustedList(bytes, file);
    } catch (error) {
      throw new TrustFileError(
        `${file}: not a readable trusted list (${error instanceof Error ? error.message : String(error)})`,
      );
    }
  });
  return new TrustStore(anchors, lists);
}
