import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, InvalidArgumentError, Option } from 'commander';
import { loadConfig } from '../config/index.js';
import { isAppError } from '../errors/index.js';
import { configCheck } from './commands/config-check.js';
import { ROLES, serve, type Role } from './commands/serve.js';
import { verifyCommand, type VerifyCommandOptions } from './commands/verify.js';

/** The package's version, found by walking up from this file (src/cli or dist/src/cli). */
function packageVersion(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 4; i += 1, dir = dirname(dir)) {
    const file = join(dir, 'package.json');
    if (existsSync(file))
      return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
  }
  return 'unknown';
}
const VERSION = packageVersion();

/** Exit status for a configuration or usage error: distinct from a crash (1). */
export const EXIT_USAGE = 2;

export function buildCli(): Command {
  const program = new Command('intake')
    .description(
      'signed-intake: take in electronically signed forms, verify them, run the procedures, answer with sealed letters',
    )
    .version(VERSION)
    .showHelpAfterError()
    .exitOverride();

  const configOption = (): Option =>
    new Option(
      '-c, --config <file>',
      'configuration file (YAML or JSON); default: $INTAKE_CONFIG, else built-in defaults',
    );

  const config = program.command('config').description('configuration tools');
  config
    .command('check')
    .description('validate a configuration file (with environment overrides) and exit')
    .addOption(configOption())
    .action((opts: { config?: string }) => {
      process.stdout.write(`${configCheck(opts.config)}\n`);
    });

  program
    .command('serve')
    .description('run the service (all roles in one process, or one role)')
    .addOption(configOption())
    .addOption(new Option('-r, --role <role>', 'which part to run').choices(ROLES).default('all'))
    .action(async (opts: { config?: string; role: Role }) => {
      await serve(loadConfig({ file: opts.config }), opts.role);
    });

  const collect = (value: string, previous: string[]): string[] => [...previous, value];
  program
    .command('verify')
    .description(
      'verify signed documents (PAdES, ASiC-E/eDoc/BDOC, ASiC-S); exit 0 when all are accepted, 1 when not',
    )
    .argument('<files...>', 'documents to verify')
    .option('--trust <path>', 'trust anchor file or folder (PEM/DER), repeatable', collect, [])
    .option('--tl <file>', 'ETSI TS 119 612 trusted list XML, repeatable', collect, [])
    .option(
      '--tl-signer <cert>',
      "the list operator's certificate: every --tl must be validly signed by one, repeatable",
      collect,
      [],
    )
    .option(
      '--policy <file>',
      'intake policy (YAML/JSON); default: qualified, time-stamped, whole document',
    )
    .option('--at <iso-time>', 'validation time (default: now)')
    .option('--offline', 'no network: use only revocation data inside the documents', false)
    .addOption(
      new Option('--format <format>', 'report format')
        .choices(['json', 'text', 'html'])
        .default('text'),
    )
    .action(async (files: string[], opts: VerifyCommandOptions) => {
      process.exitCode = await verifyCommand(files, opts, (text) => process.stdout.write(text));
    });

  return program;
}

export async function main(argv: readonly string[]): Promise<number> {
  const program = buildCli();
  try {
    await program.parseAsync(argv as string[], { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    const commanderCode = (error as { code?: string }).code;
    if (
      commanderCode === 'commander.helpDisplayed' ||
      commanderCode === 'commander.version' ||
      commanderCode === 'commander.help'
    )
      return 0;
    if (typeof commanderCode === 'string' && commanderCode.startsWith('commander.'))
      return EXIT_USAGE;
    if (
      isAppError(error) &&
      (error.code === 'CONFIG_INVALID' ||
        error.code === 'CONFIG_UNREADABLE' ||
        error.code === 'CLI_USAGE')
    ) {
      process.stderr.write(`${error.message}\n`);
      return EXIT_USAGE;
    }
    if (error instanceof InvalidArgumentError) return EXIT_USAGE;
    process.stderr.write(
      `intake: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    return 1;
  }
}
