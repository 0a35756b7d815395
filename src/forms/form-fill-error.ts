/**
 * A caller asked the forms library for something no form can hold: a field the template does not
 * have, a check mark in a text field, an option a radio group does not offer, a blank acceptance
 * act. It is a mistake of the calling code (or of a CLI user's data file), never of an incoming
 * document: reading documents does not throw.
 */
export class FormFillError extends Error {
  override readonly name = 'FormFillError';
  /** The field the mistake is about, when there is one. */
  readonly field: string | undefined;

  constructor(message: string, field?: string) {
    super(message);
    this.field = field;
  }
}
