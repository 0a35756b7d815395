import { CODE_INPUT_MAX } from '../limits.js';
import { andThen, fail, ok, type ValueParser } from './field-result.js';
import { text } from './text.js';

/**
 * A registration number of the Latvian registers (Enterprise Register, State Revenue Service):
 * exactly 11 digits. The registers publish no check digit that holds for every number, so none
 * is checked.
 */
export const REG_NO = /^\d{11}$/;

export const regNo: ValueParser<string> = andThen(text({ max: CODE_INPUT_MAX }), (value) =>
  REG_NO.test(value)
    ? ok(value)
    : fail('must be exactly 11 digits (the registration number), e.g. 90000012345'),
);
