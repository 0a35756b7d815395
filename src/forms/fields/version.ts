import { VERSION_MAX } from '../limits.js';
import { andThen, fail, ok, type ValueParser } from './field-result.js';
import { text } from './text.js';

/** `1`, `1.2` or `1.2.3`: what API Manager accepts as an API version. */
const API_VERSION = /^\d{1,6}(\.\d{1,6}){0,2}$/;
/**
 * A web service's own version label: institutions use semantic versions, dates and suffixes
 * (`2.1`, `2024.10`, `3.0.0-rc1`), so any short label of letters, digits, `.`, `_`, `-` that
 * starts with a letter or digit is accepted.
 */
const VERSION_LABEL = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

export const apiVersion: ValueParser<string> = andThen(text({ max: VERSION_MAX }), (value) =>
  API_VERSION.test(value) ? ok(value) : fail('must be a version such as 1, 1.2 or 1.2.3'),
);

export const versionLabel: ValueParser<string> = andThen(text({ max: VERSION_MAX }), (value) =>
  VERSION_LABEL.test(value)
    ? ok(value)
    : fail('must be a version label of letters, digits, dots, hyphens or underscores, e.g. 2.1.0'),
);
