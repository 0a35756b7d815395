import { z } from 'zod';

/**
 * The whole service's configuration. Every key has a default that works on a fresh development
 * machine (embedded PGlite, local Redis, the demo PKI), so only production needs a file.
 * Documented key by key in config.example.yaml; a test keeps the two in step.
 */

const port = z.coerce.number().int().min(1).max(65535);
const boolish = z.preprocess(
  (v) => (v === 'true' || v === '1' ? true : v === 'false' || v === '0' ? false : v),
  z.boolean(),
);
const nonEmpty = z.string().min(1);
const email = z.email();

const mailboxSchema = z.strictObject({
  /** Logical name used in records and pages; the agency has at least `e-address` and `support`. */
  name: z.string().regex(/^[a-z][a-z0-9-]{0,31}$/, 'a lower-case name like "e-address"'),
  host: nonEmpty.default('127.0.0.1'),
  port: port.default(993),
  secure: boolish.default(true),
  user: nonEmpty,
  password: z.string().default(''),
  folder: nonEmpty.default('INBOX'),
  /** After a message is stored and enqueued it is moved here (or flagged, see `after`). */
  processedFolder: nonEmpty.default('Processed'),
  after: z.enum(['move', 'flag']).default('move'),
});

const signingSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('pkcs12'),
    file: nonEmpty,
    password: z.string().default(''),
  }),
  z.strictObject({
    kind: z.literal('pkcs11'),
    module: nonEmpty,
    tokenLabel: nonEmpty,
    pin: nonEmpty,
    keyLabel: nonEmpty,
    certificateFile: nonEmpty,
  }),
]);

export const configSchema = z.strictObject({
  /** Where blobs, the embedded database and local service state live. */
  dataDir: nonEmpty.default('.data'),
  log: z
    .strictObject({
      level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    })
    .prefault({}),
  database: z
    .strictObject({
      /** PostgreSQL URL. Absent: the embedded PGlite database in `<dataDir>/pglite`. */
      url: z
        .string()
        .regex(/^postgres(ql)?:\/\//, 'a postgres:// URL')
        .optional(),
      poolSize: z.coerce.number().int().min(1).max(100).default(10),
    })
    .prefault({}),
  redis: z
    .strictObject({
      url: z
        .string()
        .regex(/^rediss?:\/\//, 'a redis:// URL')
        .default('redis://127.0.0.1:6379'),
      /** Key prefix for every BullMQ queue, so several deployments can share one Redis. */
      prefix: z
        .string()
        .regex(/^[A-Za-z0-9:_-]+$/)
        .default('intake'),
    })
    .prefault({}),
  queue: z
    .strictObject({
      /**
       * How long a running job's lock lasts between renewals; a worker that died is noticed
       * after at most 1.5 × this and its job given to another worker.
       */
      lockMs: z.coerce.number().int().min(1_000).max(600_000).default(60_000),
      /**
       * Jobs a worker process runs at once, per stage (stages not named run one at a time). The
       * respond stage waits on the TSA and the mail server, so several answers overlap there.
       */
      concurrency: z
        .record(z.string().regex(/^[a-z-]+$/), z.coerce.number().int().min(1).max(64))
        .default({ respond: 4 }),
    })
    .prefault({}),
  agency: z
    .strictObject({
      name: nonEmpty.default('Valsts reģionālās attīstības aģentūra'),
      /** The agency's own addresses: mail from them is never answered (loop protection). */
      addresses: z.array(email).default([]),
    })
    .prefault({}),
  mailboxes: z.array(mailboxSchema).default([]),
  smtp: z
    .strictObject({
      host: nonEmpty.default('127.0.0.1'),
      port: port.default(25),
      secure: boolish.default(false),
      user: z.string().optional(),
      password: z.string().optional(),
      from: email.default('e-adrese@agency.test'),
    })
    .prefault({}),
  signing: signingSchema.optional(),
  tsa: z
    .strictObject({
      url: z.url().optional(),
      timeoutMs: z.coerce.number().int().min(100).max(120_000).default(10_000),
    })
    .prefault({}),
  trust: z
    .strictObject({
      /** PEM/DER files or folders with trust anchors. */
      anchors: z.array(nonEmpty).default([]),
      /** ETSI TS 119 612 trusted-list XML files. */
      trustedLists: z.array(nonEmpty).default([]),
      /** The list operators' certificates: when given, every trusted list must be signed by one. */
      listSigners: z.array(nonEmpty).default([]),
    })
    .prefault({}),
  verify: z
    .strictObject({
      /** No network for revocation: only data inside the documents (then nothing without LT data passes). */
      offline: boolish.default(false),
      /**
       * Verification threads per worker process, so hashing and signature checks never block
       * the event loop; 0 verifies in the main thread (the CLI's way).
       */
      threads: z.coerce.number().int().min(0).max(32).default(1),
    })
    .prefault({}),
  web: z
    .strictObject({
      host: nonEmpty.default('127.0.0.1'),
      port: z.coerce.number().int().min(0).max(65535).default(8080),
      /**
       * Session cookies only over HTTPS (`Secure`, `__Host-` prefix). Browsers treat
       * http://localhost and 127.0.0.1 as secure, so it stays on for local use; switch it off
       * only to reach a development instance over plain http from another host.
       */
      secureCookies: boolish.default(true),
    })
    .prefault({}),
  respond: z
    .strictObject({
      /**
       * Automatic answers to one address per calendar day; more wait as `held` for staff, so a
       * loop with another robot or a flood of forms never turns into a flood of letters.
       */
      dailyCapPerRecipient: z.coerce.number().int().min(1).max(10_000).default(20),
      /** B-T: sealed with a time-stamp; B-LT: also the chain and revocation data in the PDF. */
      level: z.enum(['B-T', 'B-LT']).default('B-T'),
    })
    .prefault({}),
  procedures: z
    .strictObject({
      /** E-service identifiers: {YYYY} the year, {NNNNN} the zero-padded sequence. */
      identifierFormat: z
        .string()
        .regex(/^[A-Za-z0-9{}_.-]+$/)
        .refine((v) => (v.match(/\{N+\}/g) ?? []).length === 1, 'needs exactly one {N…} sequence')
        .default('EP-{YYYY}-{NNNNN}'),
      /** The agency's implementation contact people; a new e-service gets the least busy. */
      roster: z
        .array(z.strictObject({ name: nonEmpty, email }))
        .min(1)
        .default([{ name: 'VISS ieviešanas atbalsts', email: 'atbalsts@agency.test' }]),
      /** Hours a case waits for the second access form before the institution is reminded. */
      reminderAfterHours: z.coerce
        .number()
        .min(0)
        .max(24 * 90)
        .default(72),
      /** What the test environment's audit records must show before a service goes to production. */
      audit: z
        .strictObject({
          minCalls: z.coerce.number().int().min(0).default(100),
          maxErrorRate: z.coerce.number().min(0).max(1).default(0.05),
          minConsumers: z.coerce.number().int().min(0).default(1),
          minPeriodDays: z.coerce.number().min(0).default(7),
        })
        .prefault({}),
    })
    .prefault({}),
  limits: z
    .strictObject({
      /** Mail larger than this is stored but not processed; the sender is told once. */
      maxMailBytes: z.coerce
        .number()
        .int()
        .min(1024)
        .default(40 * 1024 * 1024),
    })
    .prefault({}),
  retention: z
    .strictObject({
      /**
       * Raw mail and documents are deleted this many days after they arrived, once their case is
       * closed and answered (`intake purge`); 0 keeps them for ever. Verification reports, cases
       * and the audit log are kept: compliance must still show what was accepted and why.
       */
      mailDays: z.coerce.number().int().min(0).max(36_500).default(0),
    })
    .prefault({}),
});

export type Config = z.infer<typeof configSchema>;
export type ConfigInput = z.input<typeof configSchema>;
export type MailboxConfig = z.infer<typeof mailboxSchema>;
