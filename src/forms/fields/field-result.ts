/** The outcome of reading one value: the typed value, or a plain-English reason it is wrong. */
export type FieldResult<T> = { ok: true; value: T } | { ok: false; message: string };

/** Reads one present (non-empty) raw value; missing values never reach a parser. */
export type ValueParser<T> = (value: string | boolean) => FieldResult<T>;

export const ok = <T>(value: T): FieldResult<T> => ({ ok: true, value });
export const fail = <T = never>(message: string): FieldResult<T> => ({ ok: false, message });

/** Runs `next` on a successful result: rules read left to right, the first failure wins. */
export const andThen =
  <A, B>(first: ValueParser<A>, next: (value: A) => FieldResult<B>): ValueParser<B> =>
  (value) => {
    const result = first(value);
    return result.ok ? next(result.value) : result;
  };
