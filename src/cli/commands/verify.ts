import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { createHttpFetcher } from '../../adapters/http-fetcher.js';
import { loadTrustStore, TrustFileError } from '../../adapters/trust-files.js';
import { AppError } from '../../errors/index.js';
import {
  buildReport,
  createVerifyContext,
  DEFAULT_POLICY,
  intakePolicySchema,
  renderHtml,
  renderText,
  verifyDocument,
  type IntakePolicy,
} from '../../signature/index.js';

export interface VerifyCommandOptions {
  trust: string[];
  tl: string[];
  tlSigner: string[];
  policy?: string;
  at?: string;
  offline: boolean;
  format: 'json' | 'text' | 'html';
}

/** Exit status: 0 every document accepted, 1 some not accepted; usage errors throw CLI_USAGE (2). */
export async function verifyCommand(
  files: readonly string[],
  options: VerifyCommandOptions,
  write: (text: string) => void,
): Promise<number> {
  const at = options.at === undefined ? new Date() : new Date(options.at);
  if (Number.isNaN(at.getTime()))
    throw new AppError('CLI_USAGE', `verify: --at ${options.at} is not an ISO date-time`);
  const policy = readPolicy(options.policy);
  let trust;
  try {
    trust = loadTrustStore(options.trust, options.tl, options.tlSigner);
  } catch (error) {
    if (error instanceof TrustFileError)
      throw new AppError('CLI_USAGE', `verify: ${error.message}`);
    throw error;
  }
  // Read every file first: an unreadable one is a usage error naming it, before any work is done.
  const inputs = files.map((file) => {
    try {
      return { file, bytes: new Uint8Array(readFileSync(file)) };
    } catch (error) {
      throw new AppError(
        'CLI_USAGE',
        `verify: cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
      );
    }
  });
  const ctx = createVerifyContext({
    trust,
    at,
    offline: options.offline,
    fetcher: createHttpFetcher(),
  });
  const documents = [];
  for (const input of inputs)
    documents.push(await verifyDocument(input.file, input.bytes, ctx, policy));
  const report = buildReport(documents, ctx, policy);
  write(
    options.format === 'json'
      ? `${JSON.stringify(report, null, 2)}\n`
      : options.format === 'html'
        ? renderHtml(report)
        : renderText(report),
  );
  return documents.every((d) => d.accepted) ? 0 : 1;
}

function readPolicy(file: string | undefined): IntakePolicy {
  if (file === undefined) return DEFAULT_POLICY;
  let raw: unknown;
  try {
    raw = parseYaml(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new AppError(
      'CLI_USAGE',
      `verify: cannot read policy ${file}: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`,
    );
  }
  const parsed = intakePolicySchema.safeParse(raw ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AppError(
      'CLI_USAGE',
      `verify: policy ${file}: ${issue?.path.join('.') ?? ''} ${issue?.message ?? 'invalid'}`,
    );
  }
  return parsed.data;
}
