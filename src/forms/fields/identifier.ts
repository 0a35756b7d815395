import { IDENTIFIER_MAX } from '../limits.js';
import { andThen, fail, ok, type ValueParser } from './field-result.js';
import { text } from './text.js';

/**
 * The agency's e-service identifier: a 2–5 letter prefix, the year and a five-digit serial,
 * e.g. `EP-2026-00042`. Deployments with another scheme pass `identifierPattern`.
 */
export const DEFAULT_IDENTIFIER_PATTERN = /^[A-Z]{2,5}-\d{4}-\d{5}$/;

export function eserviceIdentifier(
  pattern: RegExp = DEFAULT_IDENTIFIER_PATTERN,
): ValueParser<string> {
  // A /g or /y pattern remembers lastIndex between calls and would reject every second value.
  const matcher = new RegExp(pattern.source, pattern.flags.replace(/[gy]/g, ''));
  return andThen(text({ max: IDENTIFIER_MAX }), (value) =>
    matcher.test(value)
      ? ok(value)
      : fail(
          pattern.source === DEFAULT_IDENTIFIER_PATTERN.source
            ? 'must be an e-service identifier such as EP-2026-00042'
            : `must be an e-service identifier matching ${pattern.source}`,
        ),
  );
}
