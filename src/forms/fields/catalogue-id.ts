import { CATALOGUE_ID_MAX } from '../limits.js';
import { andThen, fail, ok, type ValueParser } from './field-result.js';
import { text } from './text.js';

/** The identifier a web service has in the test-environment IS catalogue. */
const CATALOGUE_ID = new RegExp(`^[A-Za-z0-9._-]{1,${CATALOGUE_ID_MAX}}$`);

export const catalogueId: ValueParser<string> = andThen(text({ max: CATALOGUE_ID_MAX }), (value) =>
  CATALOGUE_ID.test(value)
    ? ok(value)
    : fail('must be the IS catalogue identifier: letters, digits, dots, hyphens or underscores'),
);
