import { execFile } from 'node:child_process';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppError } from '../errors/index.js';
import type {
  Pkcs11Client,
  Pkcs11Login,
  Pkcs11Mechanism,
  Pkcs11PrivateKey,
  Pkcs11SignRequest,
} from '../responses/sign/pkcs11-client.js';

/**
 * The Pkcs11Client port over OpenSC's `pkcs11-tool`, one child process per call: no native
 * module, which would need an install script to build. The only code that knows pkcs11-tool.
 *
 * The PIN travels in the child's environment and pkcs11-tool is told where: `--pin env:NAME`.
 * Arguments are world-readable (`ps`, /proc/<pid>/cmdline); a process's environment is readable
 * only by its own user and root. The login prompt is no way round it: pkcs11-tool reads a PIN
 * only from a terminal (it fails when its stdout is not a tty), so stdin is closed instead.
 * An OpenSC without `env:` support takes the text as the PIN itself: the login then fails with
 * CKR_PIN_INCORRECT and the message says why that may be (Debian 12's OpenSC 0.23 has it).
 */

/**
 * A signature on a smart card or an HSM takes well under 5 s, module loading and login
 * included; 30 s still covers a busy pcscd or a slow network HSM, and bounds a hung reader so
 * the letter fails with a reason instead of waiting for ever.
 */
export const PKCS11_TOOL_TIMEOUT_MS = 30_000;

/** Named for this project so no other tool's variable is read or overwritten by accident. */
export const PKCS11_PIN_VARIABLE = 'SIGNED_INTAKE_PKCS11_PIN';

/** pkcs11-tool's answers are a few lines; a megabyte stops a runaway module from filling memory. */
const MAX_OUTPUT_BYTES = 1024 * 1024;

/** Enough of pkcs11-tool's complaint to name the PKCS#11 function and its CKR_ code. */
const MAX_REASON_CHARS = 300;

/** Return values that mean the token refused this PIN; trying it again counts towards a lockout. */
const PIN_REFUSED_CODES: ReadonlySet<string> = new Set([
  'CKR_PIN_INCORRECT',
  'CKR_PIN_INVALID',
  'CKR_PIN_LEN_RANGE',
  'CKR_PIN_EXPIRED',
  'CKR_PIN_LOCKED',
]);

/** pkcs11-tool's names for the PKCS#11 mechanisms (`pkcs11-tool -M` lists them). */
const MECHANISM_NAMES: Readonly<Record<Pkcs11Mechanism, string>> = {
  CKM_SHA256_RSA_PKCS: 'SHA256-RSA-PKCS',
  CKM_ECDSA: 'ECDSA',
};

export interface Pkcs11ToolOptions {
  /** The pkcs11-tool executable: a name looked up on PATH, or a path. Default `pkcs11-tool`. */
  executable?: string;
  /** The child's environment (e.g. SOFTHSM2_CONF); default this process's, as any child gets. */
  env?: Readonly<Record<string, string | undefined>>;
}

const sealFailed = (message: string, details?: Record<string, unknown>): AppError =>
  new AppError('SEAL_FAILED', message, details === undefined ? {} : { details });

/** The lines that say what went wrong, with the PIN blanked should a module ever echo it. */
function reasonOf(stderr: string, pin: string): string {
  const lines = stderr
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && line !== 'Aborting.' && !line.startsWith('Using '));
  const joined = lines.join('; ');
  const reason = pin === '' ? joined : joined.split(pin).join('****');
  return reason.length > MAX_REASON_CHARS ? `${reason.slice(0, MAX_REASON_CHARS)}…` : reason;
}

interface ExecFailure {
  code?: unknown;
  killed?: boolean;
  signal?: NodeJS.Signals | null;
}

function failureOf(
  executable: string,
  login: Pkcs11Login,
  action: string,
  error: ExecFailure,
  stderr: string,
): AppError {
  const where = `on the PKCS#11 token '${login.tokenLabel}'`;
  if (error.code === 'ENOENT') {
    return sealFailed(
      `${executable} (OpenSC) is not installed; it is needed to ${action} ${where}`,
    );
  }
  if (error.killed) {
    return sealFailed(
      `pkcs11-tool did not ${action} ${where} within ${PKCS11_TOOL_TIMEOUT_MS / 1000} s`,
    );
  }
  const reason = reasonOf(stderr, login.pin) || `exit ${String(error.code ?? error.signal)}`;
  const pkcs11Code = /\bCKR_[A-Z_]+/.exec(stderr)?.[0];
  const pinRefused = pkcs11Code !== undefined && PIN_REFUSED_CODES.has(pkcs11Code);
  const hint = pinRefused
    ? ' (check signing.pin; an OpenSC without `--pin env:` support also ends here)'
    : '';
  return sealFailed(`pkcs11-tool could not ${action} ${where}: ${reason}${hint}`, {
    ...(pkcs11Code === undefined ? {} : { pkcs11Code }),
    pinRefused,
  });
}

/** One "Private Key Object;" block of `--list-objects --type privkey` per key, in order. */
export function parsePrivateKeyList(listing: string): Pkcs11PrivateKey[] {
  const keys: Pkcs11PrivateKey[] = [];
  let current: Pkcs11PrivateKey | undefined;
  for (const line of listing.split('\n')) {
    if (line.startsWith('Private Key Object;')) {
      current = { label: '', id: '' };
      keys.push(current);
    } else if (/^\S/.test(line)) {
      // Any other object header ends the key's attributes.
      current = undefined;
    } else {
      const match = /^\s+(label|ID):\s*(.*?)\s*$/.exec(line);
      if (!current || !match) continue;
      if (match[1] === 'label') current.label = match[2] ?? '';
      else current.id = (match[2] ?? '').toLowerCase();
    }
  }
  return keys;
}

/** Runs `use` with a directory only this user can enter, and removes it afterwards. */
async function withPrivateDirectory<T>(use: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'signed-intake-pkcs11-'));
  try {
    // mkdtemp(3) creates it 0700 already; said again so no changed default can widen it.
    await chmod(dir, 0o700);
    return await use(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export function pkcs11Tool(options: Pkcs11ToolOptions = {}): Pkcs11Client {
  const executable = options.executable ?? 'pkcs11-tool';
  const env = options.env ?? process.env;

  /** pkcs11-tool logged in to the token; resolves to its stdout. `action` completes "could not …". */
  const run = (login: Pkcs11Login, action: string, args: readonly string[]): Promise<string> => {
    const argv = [
      '--module',
      login.module,
      '--token-label',
      login.tokenLabel,
      '--login',
      '--pin',
      `env:${PKCS11_PIN_VARIABLE}`,
      ...args,
    ];
    return new Promise((resolve, reject) => {
      const child = execFile(
        executable,
        argv,
        {
          env: { ...env, [PKCS11_PIN_VARIABLE]: login.pin },
          timeout: PKCS11_TOOL_TIMEOUT_MS,
          maxBuffer: MAX_OUTPUT_BYTES,
          encoding: 'utf8',
        },
        (error, stdout, stderr) => {
          // node's error is not passed on as a cause: only what failureOf chose leaves here.
          if (error) reject(failureOf(executable, login, action, error, stderr));
          else resolve(stdout);
        },
      );
      // No prompt could ever be answered: end of input at once rather than a wait for the timeout.
      child.stdin?.end();
    });
  };

  return Object.freeze({
    privateKeys: async (login: Pkcs11Login): Promise<Pkcs11PrivateKey[]> =>
      parsePrivateKeyList(
        await run(login, 'list the private keys', ['--list-objects', '--type', 'privkey']),
      ),
    sign: (login: Pkcs11Login, request: Pkcs11SignRequest): Promise<Uint8Array> =>
      withPrivateDirectory(async (dir) => {
        const inputPath = join(dir, 'to-be-signed.bin');
        const outputPath = join(dir, 'signature.bin');
        await writeFile(inputPath, request.input, { mode: 0o600 });
        await run(login, `sign with the key of CKA_ID ${request.keyId}`, [
          '--sign',
          '--mechanism',
          MECHANISM_NAMES[request.mechanism],
          '--id',
          request.keyId,
          '--input-file',
          inputPath,
          '--output-file',
          outputPath,
        ]);
        return new Uint8Array(await readFile(outputPath));
      }),
  });
}
