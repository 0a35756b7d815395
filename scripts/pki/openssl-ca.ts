import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { KeySpec } from './certificate-profiles.js';
import { runOpenssl } from './run-openssl.js';

/**
 * A CA run by `openssl ca`, so that its index.txt is the real status database that both
 * `openssl ca -gencrl` and `openssl ocsp -index` read.
 */
export interface OpensslCaFiles {
  dir: string;
  config: string;
  index: string;
  cert: string;
  key: string;
  crl: string;
}

export function opensslCaFiles(dir: string): OpensslCaFiles {
  return {
    dir,
    config: join(dir, 'ca.cnf'),
    index: join(dir, 'index.txt'),
    cert: join(dir, 'cert.pem'),
    key: join(dir, 'key.pem'),
    crl: join(dir, 'crl.pem'),
  };
}

/** openssl wants `-startdate`-style times; the four-digit year form is accepted for any year. */
export function opensslTime(date: Date): string {
  return date
    .toISOString()
    .replace(/[-:T]/g, '')
    .replace(/\.\d{3}Z$/, 'Z');
}

/** index.txt stores revocation times as UTCTime (two-digit year). */
function indexTime(date: Date): string {
  return opensslTime(date).slice(2);
}

export async function writeCaConfig(files: OpensslCaFiles): Promise<void> {
  await mkdir(join(files.dir, 'issued'), { recursive: true });
  await writeFile(files.index, '');
  await writeFile(join(files.dir, 'crlnumber'), '1000\n');
  await writeFile(
    files.config,
    [
      '[ca]',
      'default_ca = test_ca',
      '[test_ca]',
      `dir = ${files.dir}`,
      'database = $dir/index.txt',
      'new_certs_dir = $dir/issued',
      'serial = $dir/serial',
      'crlnumber = $dir/crlnumber',
      `certificate = ${files.cert}`,
      `private_key = ${files.key}`,
      'default_md = sha256',
      'policy = policy_any',
      // Several test certificates may share a subject across rebuilds; the index must not refuse.
      'unique_subject = no',
      'copy_extensions = none',
      'email_in_dn = no',
      'crl_extensions = crl_ext',
      '[policy_any]',
      'commonName = supplied',
      '[crl_ext]',
      'authorityKeyIdentifier = keyid:always',
      '[req]',
      'distinguished_name = req_dn',
      'string_mask = utf8only',
      '[req_dn]',
      '',
    ].join('\n'),
  );
}

export async function generateKey(spec: KeySpec, path: string): Promise<void> {
  const options =
    spec.kind === 'rsa'
      ? ['-algorithm', 'RSA', '-pkeyopt', `rsa_keygen_bits:${spec.bits}`]
      : ['-algorithm', 'EC', '-pkeyopt', `ec_paramgen_curve:${spec.curve}`];
  await runOpenssl(['genpkey', ...options, '-out', path]);
}

export interface IssueRequest {
  /** The issuing CA; for a self-signed root, the root's own (freshly configured) files. */
  ca: OpensslCaFiles;
  selfSign: boolean;
  subject: string;
  keyPath: string;
  certPath: string;
  extensions: string[];
  notBefore: Date;
  notAfter: Date;
}

export async function issueCertificate(request: IssueRequest): Promise<void> {
  const csr = `${request.certPath}.csr`;
  const ext = `${request.certPath}.ext.cnf`;
  await writeFile(ext, ['[ext]', ...request.extensions, ''].join('\n'));
  await runOpenssl([
    'req',
    '-new',
    '-utf8',
    '-config',
    request.ca.config,
    '-key',
    request.keyPath,
    '-subj',
    request.subject,
    '-out',
    csr,
  ]);
  await runOpenssl([
    'ca',
    '-batch',
    '-notext',
    '-utf8',
    '-preserveDN',
    '-rand_serial',
    '-md',
    'sha256',
    '-config',
    request.ca.config,
    ...(request.selfSign ? ['-selfsign', '-keyfile', request.keyPath] : []),
    '-extfile',
    ext,
    '-extensions',
    'ext',
    '-startdate',
    opensslTime(request.notBefore),
    '-enddate',
    opensslTime(request.notAfter),
    '-in',
    csr,
    '-out',
    request.certPath,
  ]);
}

/**
 * Marks a certificate revoked in the CA database with a chosen time. `openssl ca -revoke` would
 * always write "now"; tests need a revocation that lies before signatures made during the run.
 * The line format is openssl's own: status, expiry, revocation time[,reason], serial, file, subject.
 */
export async function revokeInIndex(
  files: OpensslCaFiles,
  serialHex: string,
  at: Date,
  reason: string,
): Promise<void> {
  const lines = (await readFile(files.index, 'utf8')).split('\n');
  let found = false;
  const updated = lines.map((line) => {
    const fields = line.split('\t');
    if (fields.length < 6 || fields[3]?.toLowerCase() !== serialHex.toLowerCase()) return line;
    found = true;
    fields[0] = 'R';
    fields[2] = `${indexTime(at)},${reason}`;
    return fields.join('\t');
  });
  if (!found) throw new Error(`serial ${serialHex} is not in ${files.index}`);
  await writeFile(files.index, updated.join('\n'));
}

export async function generateCrl(
  files: OpensslCaFiles,
  thisUpdate: Date,
  nextUpdate: Date,
): Promise<void> {
  await runOpenssl([
    'ca',
    '-gencrl',
    '-batch',
    '-config',
    files.config,
    '-md',
    'sha256',
    '-crl_lastupdate',
    opensslTime(thisUpdate),
    '-crl_nextupdate',
    opensslTime(nextUpdate),
    '-out',
    files.crl,
  ]);
}
