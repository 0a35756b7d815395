import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Argument, Command, InvalidArgumentError, Option } from 'commander';
import { loadConfig } from '../config/index.js';
import { isAppError } from '../errors/index.js';
import { FORM_TYPES, type FormType } from '../forms/index.js';
import { configCheck } from './commands/config-check.js';
import { formsFillCommand, formsReadCommand, formsTemplateCommand } from './commands/forms.js';
import { decideAnswerCommand, listAnswersCommand } from './commands/answers.js';
import { listDeadLettersCommand, retryDeadLetterCommand } from './commands/queues.js';
import {
  importAuditRecordsCommand,
  importCatalogueCommand,
  installationDoneCommand,
  showCaseCommand,
} from './commands/registry.js';
import {
  checkReportTarget,
  reportDocumentCommand,
  reportSignaturesCommand,
  writeReport,
  type DocumentReportFormat,
  type ReportSignaturesOptions,
} from './commands/report.js';
import { ROLES, serve, type Role } from './commands/serve.js';
import { addUserCommand, changeUserCommand, listUsersCommand } from './commands/users.js';
import { purgeCommand } from './commands/purge.js';
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

  const forms = program
    .command('forms')
    .description("the agency's PDF forms: blank templates, filled samples, reading a document");
  const formType = (types: readonly FormType[]): Argument =>
    new Argument('<type>', 'form type').choices(types);
  forms
    .command('template')
    .description('write the blank fillable form of a type')
    .addArgument(formType(FORM_TYPES.filter((type) => type !== 'acceptance-act')))
    .requiredOption('-o, --out <file>', 'PDF file to write')
    .action(async (type: FormType, opts: { out: string }) => {
      await formsTemplateCommand(type, opts);
    });
  forms
    .command('fill')
    .description('fill a form from JSON (field name → text or true/false), without validating')
    .addArgument(formType(FORM_TYPES))
    .requiredOption('--data <file>', 'JSON values; for access-rights also "people": [{…}]')
    .requiredOption('-o, --out <file>', 'PDF file to write')
    .action(async (type: FormType, opts: { data: string; out: string }) => {
      await formsFillCommand(type, opts);
    });
  forms
    .command('read')
    .description(
      'print the form read from a PDF or ASiC-E container and its validation as JSON; exit 0 when valid',
    )
    .argument('<file>', 'document to read')
    .option('--today <date>', 'the day to judge dates against (YYYY-MM-DD, default: today)')
    .action(async (file: string, opts: { today?: string }) => {
      process.exitCode = await formsReadCommand(file, opts, (text) => process.stdout.write(text));
    });

  const print = (text: string): void => void process.stdout.write(`${text}\n`);
  const catalogue = program
    .command('catalogue')
    .description('the VISS IS catalogues (test and production environment)');
  catalogue
    .command('import')
    .description(
      'import catalogue entries from CSV (header row) or JSON: identifier, name, version, institutionRegNo',
    )
    .addOption(
      new Option('--env <environment>', 'which catalogue')
        .choices(['test', 'production'])
        .default('test'),
    )
    .argument('<file>', 'CSV or JSON file')
    .addOption(configOption())
    .action(async (file: string, opts: { env: 'test' | 'production'; config?: string }) => {
      print(await importCatalogueCommand(loadConfig({ file: opts.config }), opts.env, file));
    });
  program
    .command('audit-records')
    .description("the test environment's audit records of web services")
    .command('import')
    .description('import an export (CSV or JSON): serviceIdentifier, at, consumer, operation, ok')
    .argument('<file>', 'CSV or JSON file')
    .option(
      '--batch <name>',
      'batch name; importing the same batch again replaces it (default: the file name)',
    )
    .addOption(configOption())
    .action(async (file: string, opts: { batch?: string; config?: string }) => {
      print(await importAuditRecordsCommand(loadConfig({ file: opts.config }), file, opts.batch));
    });
  const cases = program.command('cases').description('cases of the procedures');
  cases
    .command('show')
    .description('a case and its timeline of events')
    .argument('<number>', 'case number, e.g. P1-2026-00001')
    .addOption(configOption())
    .action(async (number: string, opts: { config?: string }) => {
      print(await showCaseCommand(loadConfig({ file: opts.config }), number));
    });
  cases
    .command('install-done')
    .description(
      'P2 step 4: mark the production installation of a web service done (the institution is told)',
    )
    .argument('<number>', 'case number, e.g. P2-2026-00003')
    .requiredOption('--user <name>', 'who did it, for the audit log')
    .addOption(configOption())
    .action(async (number: string, opts: { user: string; config?: string }) => {
      print(await installationDoneCommand(loadConfig({ file: opts.config }), number, opts.user));
    });

  const answers = program
    .command('answers')
    .description('answers the pipeline could not settle alone: held, failed, unconfirmed');
  answers
    .command('list')
    .description('answers with their status (and why)')
    .option('--status <status>', 'only this status')
    .addOption(configOption())
    .action(async (opts: { status?: string; config?: string }) => {
      print(await listAnswersCommand(loadConfig({ file: opts.config }), opts.status));
    });
  for (const decision of ['release', 'mark-sent'] as const)
    answers
      .command(decision)
      .description(
        decision === 'release'
          ? 'send a held, failed or unconfirmed answer (again)'
          : 'record that an unconfirmed answer was in fact delivered',
      )
      .argument('<id>', 'answer id (from answers list)')
      .requiredOption('--user <name>', 'who decided, for the audit log')
      .addOption(configOption())
      .action(async (id: string, opts: { user: string; config?: string }) => {
        print(
          await decideAnswerCommand(loadConfig({ file: opts.config }), decision, id, opts.user),
        );
      });

  const report = program
    .command('report')
    .description('compliance reports: signature validity of the documents taken in');
  report
    .command('signatures')
    .description(
      'every verified document of a period with its signature verdict, as CSV or JSON (with totals)',
    )
    .requiredOption('--from <date>', 'first day (YYYY-MM-DD, Riga) or ISO date-time, inclusive')
    .requiredOption(
      '--to <date>',
      'last day (YYYY-MM-DD, Riga; the whole day) or ISO date-time, exclusive',
    )
    .addOption(new Option('--format <format>', 'output').choices(['csv', 'json']).default('csv'))
    .option('--accepted', 'only documents the intake policy accepted')
    .option('--refused', 'only documents it did not accept')
    .option('--indication <indication>', 'only this indication, e.g. INDETERMINATE')
    .option('--institution <text>', "the case's institution: registration number or part of name")
    .option('--signer <text>', "part of the signer's name (certificate subject)")
    .option('--serial <hex>', "a signer certificate's serial number (hex, colons allowed)")
    .option('--form-type <type>', 'only this form type')
    .option('-o, --out <file>', 'write to this file instead of standard output')
    .addOption(configOption())
    .action(async (opts: ReportSignaturesOptions & { out?: string; config?: string }) => {
      const { content, count } = await reportSignaturesCommand(
        loadConfig({ file: opts.config }),
        opts,
      );
      await writeReport(content, opts.out);
      if (opts.out !== undefined) print(`${count} documents written to ${opts.out}`);
    });
  report
    .command('document')
    .description(
      "one document's validation report: HTML, JSON, or a PDF sealed with the agency's seal",
    )
    .argument('<document>', 'document id or SHA-256 of the document')
    .addOption(
      new Option('--format <format>', 'output')
        .choices(['html', 'json', 'pdf'])
        .makeOptionMandatory(),
    )
    .option('-o, --out <file>', 'write to this file instead of standard output')
    .addOption(configOption())
    .action(
      async (
        target: string,
        opts: { format: DocumentReportFormat; out?: string; config?: string },
      ) => {
        checkReportTarget(opts.format, opts.out);
        const content = await reportDocumentCommand(
          loadConfig({ file: opts.config }),
          target,
          opts.format,
        );
        await writeReport(content, opts.out);
      },
    );

  const queueCommands = program
    .command('queues')
    .description('the pipeline queues: jobs that failed for good');
  queueCommands
    .command('dead-letters')
    .description('jobs that ran out of attempts or failed permanently, with their last error')
    .addOption(configOption())
    .action(async (opts: { config?: string }) => {
      print(await listDeadLettersCommand(loadConfig({ file: opts.config })));
    });
  queueCommands
    .command('retry')
    .description('run a dead-lettered job again, with fresh attempts (after fixing the cause)')
    .argument('<id>', 'dead letter id (from queues dead-letters)')
    .requiredOption('--user <name>', 'who decided, for the audit log')
    .addOption(configOption())
    .action(async (id: string, opts: { user: string; config?: string }) => {
      print(await retryDeadLetterCommand(loadConfig({ file: opts.config }), id, opts.user));
    });

  program
    .command('purge')
    .description(
      'delete raw mail and documents past retention.mailDays whose cases are closed and answered (reports, cases and the audit log stay)',
    )
    .option('--days <n>', 'retention in days instead of retention.mailDays')
    .option('--dry-run', 'only count what would be purged')
    .requiredOption('--user <name>', 'who ran it, for the audit log')
    .addOption(configOption())
    .action(async (opts: { days?: string; dryRun?: boolean; user: string; config?: string }) => {
      print(await purgeCommand(loadConfig({ file: opts.config }), opts));
    });

  const users = program.command('users').description('dashboard accounts');
  users
    .command('add')
    .description('add an account; without --password-file a password is generated and shown once')
    .argument('<username>')
    .requiredOption('--role <role>', 'operator | compliance | admin')
    .option('--name <name>', 'display name')
    .option('--password-file <file>', "read the password from a file's first line ('-': stdin)")
    .addOption(configOption())
    .action(
      async (
        username: string,
        opts: { role: string; name?: string; passwordFile?: string; config?: string },
      ) => {
        print(await addUserCommand(loadConfig({ file: opts.config }), username, opts));
      },
    );
  users
    .command('list')
    .description('accounts with role and state')
    .addOption(configOption())
    .action(async (opts: { config?: string }) => {
      print(await listUsersCommand(loadConfig({ file: opts.config })));
    });
  users
    .command('change')
    .description("change an account's role, disable/enable it or set a new password")
    .argument('<username>')
    .option('--role <role>', 'operator | compliance | admin')
    .option('--disable', 'no more logins; its sessions end')
    .option('--enable', 'allow logins again')
    .option('--password-file <file>', "new password from a file's first line ('-': stdin)")
    .addOption(configOption())
    .action(
      async (
        username: string,
        opts: {
          role?: string;
          disable?: boolean;
          enable?: boolean;
          passwordFile?: string;
          config?: string;
        },
      ) => {
        print(await changeUserCommand(loadConfig({ file: opts.config }), username, opts));
      },
    );

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
    // A known failure (a case in the wrong state, a record not found) is a sentence, not a trace.
    if (isAppError(error)) {
      process.stderr.write(`intake: ${error.message}\n`);
      return 1;
    }
    process.stderr.write(
      `intake: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    return 1;
  }
}
