import { allElements, identifierValues } from './dom.js';

/**
 * Every identifier value in the signature document and the elements carrying it. Built over the
 * whole document (not only one ds:Signature) because an attacker's copy of a signed element can
 * sit anywhere; an Id that occurs twice means some verifier may pick the other copy.
 */
export class IdIndex {
  private readonly byValue = new Map<string, Element[]>();

  constructor(root: Element) {
    for (const element of allElements(root))
      for (const value of new Set(identifierValues(element))) {
        const list = this.byValue.get(value);
        if (list) list.push(element);
        else this.byValue.set(value, [element]);
      }
  }

  /** The values carried by more than one element (as Id, ID, id or xml:id). */
  duplicates(): string[] {
    return [...this.byValue].filter(([, elements]) => elements.length > 1).map(([value]) => value);
  }

  /** All elements carrying this identifier value in any identifier attribute. */
  carriers(value: string): readonly Element[] {
    return this.byValue.get(value) ?? [];
  }
}
