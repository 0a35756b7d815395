import fc from 'fast-check';

/**
 * Shared settings of the fuzz targets. CI runs a few hundred cases per target with a fixed seed,
 * so the whole fuzz project stays well under half a minute and a failure reproduces exactly;
 * `npm run fuzz` (FUZZ_RUNS=20000) runs the long drill. FUZZ_SEED replays a reported failure.
 */
const DEFAULT_RUNS = 200;
/** Fixed so that CI failures reproduce; printed by fast-check in every failure message. */
const DEFAULT_SEED = 20_261_130;

const envInteger = (name: string, fallback: number): number => {
  const value = process.env[name];
  if (value === undefined || value === '') return fallback;
  const parsed = Number.parseInt(value, 10);
  if (!Number.isSafeInteger(parsed)) throw new Error(`${name} must be an integer, not "${value}"`);
  return parsed;
};

export const FUZZ_RUNS = envInteger('FUZZ_RUNS', DEFAULT_RUNS);
export const FUZZ_SEED = envInteger('FUZZ_SEED', DEFAULT_SEED);

/** Per-test timeout that grows with the number of runs (the long drill takes minutes). */
export const fuzzTimeout = (msPerRun: number): number =>
  Math.max(30_000, Math.ceil(FUZZ_RUNS * msPerRun));

export const fuzzParameters = <T>(runs = FUZZ_RUNS): fc.Parameters<T> => ({
  numRuns: runs,
  seed: FUZZ_SEED,
  // A counterexample is shrunk to a small input; the printed seed and path replay it.
  endOnFailure: false,
});

/**
 * Mutations of a valid input, as a fuzzer makes them: overwrite bytes, insert or delete a run,
 * truncate, or copy a chunk over another place. Positions are fractions of the length, so one
 * arbitrary fits any input.
 */
type Mutation =
  | { op: 'set'; at: number; value: number }
  | { op: 'insert'; at: number; bytes: Uint8Array }
  | { op: 'delete'; at: number; length: number }
  | { op: 'truncate'; at: number }
  | { op: 'copy'; from: number; to: number; length: number };

const position = fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true });

/**
 * Mostly length-keeping overwrites: inserting or deleting shifts every offset after it (xref
 * tables, ZIP directories), which the readers reject at once; overwrites reach deeper code.
 */
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.record({
      op: fc.constant('set' as const),
      at: position,
      value: fc.integer({ min: 0, max: 255 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('insert' as const),
      at: position,
      bytes: fc.uint8Array({ minLength: 1, maxLength: 16 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('delete' as const),
      at: position,
      length: fc.integer({ min: 1, max: 64 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('truncate' as const), at: position }) },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant('copy' as const),
      from: position,
      to: position,
      length: fc.integer({ min: 1, max: 128 }),
    }),
  },
);

const apply = (input: Uint8Array, m: Mutation): Uint8Array => {
  const at = (fraction: number): number => Math.floor(fraction * input.length);
  switch (m.op) {
    case 'set': {
      const out = input.slice();
      if (out.length > 0) out[at(m.at)] = m.value;
      return out;
    }
    case 'insert':
      return Buffer.concat([input.subarray(0, at(m.at)), m.bytes, input.subarray(at(m.at))]);
    case 'delete':
      return Buffer.concat([input.subarray(0, at(m.at)), input.subarray(at(m.at) + m.length)]);
    case 'truncate':
      return input.slice(0, at(m.at));
    case 'copy': {
      // Overwrites in place: a token copied elsewhere (a second /ByteRange, a stray "obj").
      const out = input.slice();
      out.set(
        input.subarray(at(m.from), at(m.from) + m.length).subarray(0, out.length - at(m.to)),
        at(m.to),
      );
      return out;
    }
  }
};

/** One to four mutations of one of the given valid inputs. */
export const mutated = (valid: readonly Uint8Array[]): fc.Arbitrary<Uint8Array> =>
  fc
    .tuple(fc.constantFrom(...valid), fc.array(mutation, { minLength: 1, maxLength: 4 }))
    .map(([input, mutations]) => new Uint8Array(mutations.reduce(apply, input)));

/** Random bytes, or ASCII text that looks a little like the format (tokens of its grammar). */
export const garbage = (tokens: readonly string[]): fc.Arbitrary<Uint8Array> =>
  fc.oneof(
    fc.uint8Array({ maxLength: 2048 }),
    fc
      .array(fc.oneof(fc.constantFrom(...tokens), fc.string({ maxLength: 12 })), { maxLength: 200 })
      .map((parts) => new Uint8Array(Buffer.from(parts.join(''), 'latin1'))),
  );

/** An error a parser is allowed to throw for bad input; anything else is a crash. */
export const expectOnly = (
  error: unknown,
  allowed: ReadonlyArray<abstract new (...args: never[]) => Error>,
): void => {
  if (allowed.some((type) => error instanceof type)) return;
  throw error;
};
