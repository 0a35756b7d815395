import { z } from 'zod';
import { EMAIL_MAX } from '../limits.js';
import { andThen, fail, ok, type ValueParser } from './field-result.js';
import { text } from './text.js';

/**
 * zod's e-mail rule: a practical subset of RFC 5322 (dot-atom local part, a domain with a
 * top-level label). Quoted local parts and IP-literal domains are refused: no mail system the
 * agency writes to needs them, and they are a classic way to smuggle odd text into headers.
 */
const EMAIL = z.email();

export const email: ValueParser<string> = andThen(text({ max: EMAIL_MAX }), (value) =>
  EMAIL.safeParse(value).success
    ? ok(value)
    : fail('must be an e-mail address, e.g. vards.uzvards@iestade.gov.lv'),
);
