/** A person the agency writes to or calls about a request. */
export interface Contact {
  name: string;
  position: string;
  email: string;
  /** International form without spaces: `+37167123456`. */
  phone: string;
}

/** A contact whose job title the form does not ask for. */
export type ContactWithoutPosition = Omit<Contact, 'position'>;
