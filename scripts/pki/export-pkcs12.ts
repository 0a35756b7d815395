import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import type { PkiCredential } from './test-pki-types.js';

/**
 * Writes a credential of the test PKI as a PKCS#12 file the way an agency would get its seal
 * (`openssl pkcs12 -export`, openssl 3 defaults), protected by a fresh random password that is
 * returned and never put on a command line.
 */
export async function exportPkcs12(credential: PkiCredential, file: string): Promise<string> {
  const password = randomBytes(12).toString('base64url');
  await promisify(execFile)(
    'openssl',
    [
      'pkcs12',
      '-export',
      '-in',
      credential.paths.cert,
      '-inkey',
      credential.paths.key,
      '-out',
      file,
      '-passout',
      'env:TEST_PKI_P12_PASSWORD',
    ],
    { env: { ...process.env, TEST_PKI_P12_PASSWORD: password, OPENSSL_CONF: '/dev/null' } },
  );
  return password;
}
