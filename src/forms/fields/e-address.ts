import { z } from 'zod';
import { E_ADDRESS_MAX } from '../limits.js';
import { andThen, fail, ok, type ValueParser } from './field-result.js';
import { text } from './text.js';

/**
 * The official electronic address (e-adrese) of an institution. Two forms are accepted:
 *
 * - an e-address identifier: a mailbox name, `@`, and the owner's 11-digit registration number,
 *   e.g. `_DEFAULT@90000000001` (the default mailbox) or `IT_NODALA@90000000001`. The mailbox is
 *   1–64 letters, digits or `_ . -`, starting with a letter, digit or underscore;
 * - an e-mail-shaped address, as some institutions give the address their e-address forwards to.
 */
const E_ADDRESS_IDENTIFIER = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}@\d{11}$/;
const EMAIL = z.email();

export const eAddress: ValueParser<string> = andThen(text({ max: E_ADDRESS_MAX }), (value) =>
  E_ADDRESS_IDENTIFIER.test(value) || EMAIL.safeParse(value).success
    ? ok(value)
    : fail(
        'must be an e-address such as _DEFAULT@90000000001 (mailbox @ registration number) or an e-mail address',
      ),
);
