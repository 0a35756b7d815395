import { FILE_NAME_MAX } from '../limits.js';
import { andThen, fail, ok, type ValueParser } from './field-result.js';
import { text } from './text.js';

/**
 * The name of a file attached to the same mail: no folders (a path says nothing the attachment
 * list does not) and no characters Windows refuses, with an extension so it can be matched.
 */
const FILE_NAME = /^[^\\/:*?"<>|]+\.[A-Za-z0-9]{1,10}$/;

export const fileName: ValueParser<string> = andThen(text({ max: FILE_NAME_MAX }), (value) =>
  FILE_NAME.test(value)
    ? ok(value)
    : fail('must be the name of an attached file, e.g. apraksts.pdf (no folders)'),
);
