import { randomBytes } from 'node:crypto';

/** The local mail domains: the agency's, and two test institutions'. */
export const AGENCY_DOMAIN = 'agency.test';
export const INSTITUTION_DOMAINS = ['institution-a.test', 'institution-b.test'] as const;

export const SPARE_AGENCY_MAILBOXES = [
  'stasti-e-adrese',
  'stasti-atbalsts',
  'avarija-e-adrese',
  'atbildes-e-adrese',
  'noturiba-e-adrese',
] as const;

export interface MailAccount {
  /** Logical mailbox name as used in the service configuration (agency accounts only). */
  role: 'e-address' | 'support' | 'institution' | 'spare';
  address: string;
  password: string;
}

/** Fresh random passwords on every `up`: nothing secret is ever committed. */
export function makeAccounts(): MailAccount[] {
  const pw = (): string => randomBytes(12).toString('base64url');
  return [
    { role: 'e-address', address: `e-adrese@${AGENCY_DOMAIN}`, password: pw() },
    { role: 'support', address: `atbalsts@${AGENCY_DOMAIN}`, password: pw() },
    ...INSTITUTION_DOMAINS.map((domain) => ({
      role: 'institution' as const,
      address: `iestade@${domain}`,
      password: pw(),
    })),
    // Agency mailboxes of their own for test files that run a whole service side by side with
    // others (the procedure stories), so no two pollers ever take each other's mail.
    ...SPARE_AGENCY_MAILBOXES.map((name) => ({
      role: 'spare' as const,
      address: `${name}@${AGENCY_DOMAIN}`,
      password: pw(),
    })),
  ];
}
