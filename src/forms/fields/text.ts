import { fail, ok, type ValueParser } from './field-result.js';

/**
 * C0 and C1 control characters, and the invisible bidirectional marks and overrides: they make
 * the text a reader sees differ from the text stored (a "Trojan Source" name), and they break
 * letters and logs. Newline is allowed only where the field is multi-line.
 */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/u;
const CONTROL_CHARACTERS_EXCEPT_NEWLINE =
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/u;

export interface TextRules {
  /** Longest accepted value in characters (UTF-16 code units, as /MaxLen counts them). */
  max: number;
  /** Multi-line fields keep their line breaks (CR and CRLF from viewers become LF). */
  multiline?: boolean;
}

/** Free text within a length limit and without control characters. */
export function text(rules: TextRules): ValueParser<string> {
  return (value) => {
    if (typeof value !== 'string') return fail('must be text, not a check mark');
    // Length first: a megabyte of text gets one clear message and no further work.
    if (value.length > rules.max)
      return fail(`is too long: ${value.length} characters, at most ${rules.max} are allowed`);
    const normalised = rules.multiline === true ? value.replace(/\r\n?/g, '\n') : value;
    const forbidden =
      rules.multiline === true ? CONTROL_CHARACTERS_EXCEPT_NEWLINE : CONTROL_CHARACTERS;
    if (forbidden.test(normalised))
      return fail(
        rules.multiline === true
          ? 'contains control characters (only line breaks are allowed); remove them'
          : 'contains control characters or line breaks; write it on one line',
      );
    return ok(normalised);
  };
}
