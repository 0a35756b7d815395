import { execFile } from 'node:child_process';

/** A stuck openssl process must not hang a test run; every call here finishes in well under a second. */
const OPENSSL_TIMEOUT_MS = 30_000;
/** Room for `-text` dumps of certificates and responses, which tests sometimes print. */
const OPENSSL_MAX_OUTPUT_BYTES = 16 * 1024 * 1024;

export interface OpensslResult {
  stdout: string;
  stderr: string;
}

/**
 * Runs the OpenSSL 3 command line tool unattended. A failure throws with the full command line
 * and openssl's own stderr, because that text is what explains a broken test PKI.
 */
export function runOpenssl(
  args: readonly string[],
  options: { cwd?: string } = {},
): Promise<OpensslResult> {
  return new Promise((resolve, reject) => {
    execFile(
      'openssl',
      [...args],
      {
        cwd: options.cwd,
        timeout: OPENSSL_TIMEOUT_MS,
        maxBuffer: OPENSSL_MAX_OUTPUT_BYTES,
        // No OPENSSL_CONF from the developer's environment may change what we build.
        env: { ...process.env, OPENSSL_CONF: '/dev/null' },
      },
      (error, stdout, stderr) => {
        if (error) {
          reject(
            new Error(`openssl ${args.join(' ')} failed: ${error.message}\n${stderr}`.trimEnd(), {
              cause: error,
            }),
          );
          return;
        }
        resolve({ stdout, stderr });
      },
    );
  });
}
