import { DEFAULT_LANGUAGE } from '../fields/choice.js';
import { EMAIL_MAX, NAME_MAX, PHONE_MAX, POSITION_MAX, REG_NO_MAX } from '../limits.js';
import type { TemplateItem, TemplateSection, TextItem } from './template-spec.js';

/** Pieces several templates share, so the same question reads the same on every form. */

export const regNoItem = (name: string, label: string): TextItem => ({
  kind: 'text',
  name,
  label,
  hint: '11 cipari',
  maxLength: REG_NO_MAX,
});

export const languageSection: TemplateSection = {
  heading: 'Atbildes valoda',
  items: [
    {
      kind: 'choice',
      name: 'language',
      label: 'Kādā valodā sagatavot atbildi?',
      options: [
        { value: 'lv', label: 'latviešu' },
        { value: 'en', label: 'angļu (English)' },
      ],
      selected: DEFAULT_LANGUAGE,
    },
  ],
};

export const yesNoOptions = [
  { value: 'yes', label: 'Jā' },
  { value: 'no', label: 'Nē' },
] as const;

export const environmentOptions = [
  { value: 'test', label: 'testa vide' },
  { value: 'production', label: 'ražošanas vide' },
] as const;

/** Name, position, e-mail and phone of a person, as fields `<prefix>Name` … `<prefix>Phone`. */
export function contactItems(prefix: string, withPosition = true): TemplateItem[] {
  const name: TextItem = {
    kind: 'text',
    name: `${prefix}Name`,
    label: 'Vārds, uzvārds',
    maxLength: NAME_MAX,
  };
  const position: TextItem = {
    kind: 'text',
    name: `${prefix}Position`,
    label: 'Amats',
    maxLength: POSITION_MAX,
  };
  const email: TextItem = {
    kind: 'text',
    name: `${prefix}Email`,
    label: 'E-pasts',
    maxLength: EMAIL_MAX,
  };
  const phone: TextItem = {
    kind: 'text',
    name: `${prefix}Phone`,
    label: 'Tālrunis',
    hint: '+371 …',
    maxLength: PHONE_MAX,
  };
  return [
    withPosition ? { kind: 'row', items: [name, position] } : name,
    { kind: 'row', items: [email, phone] },
  ];
}

export const SIGN_AND_SEND =
  'Aizpildīto veidlapu parakstiet ar drošu elektronisko parakstu (eParaksts, eID karte vai ' +
  'eParaksts mobile) un nosūtiet aģentūrai pa e-pastu. Neparakstītas vai pēc parakstīšanas ' +
  'mainītas veidlapas netiek izskatītas.';
