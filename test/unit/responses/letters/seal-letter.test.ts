import { describe, expect, it } from 'vitest';
import { pemSigner, sealPdf } from '../../../../src/responses/sign/index.js';
import { renderLetter } from '../../../../src/responses/letters/index.js';
import { analysePdf } from '../../../../src/signature/pades/analyse-pdf.js';
import { makeSealChain } from '../support/throwaway-pki.js';
import { context, SAMPLES } from './support/letter-samples.js';

/** Rendering and pdftotext take well under a second each; a loaded CI machine may take longer. */
const RENDER_TIMEOUT_MS = 30_000;

describe('a rendered letter can be sealed', { timeout: RENDER_TIMEOUT_MS }, () => {
  it('when the agency seals a letter, then the seal covers the whole letter and keeps its /ID', async () => {
    const chain = makeSealChain();
    const letter = await renderLetter('refusal', 'lv', SAMPLES.refusal, context());
    const id = /\/ID \[[^\]]*\]/.exec(Buffer.from(letter).toString('latin1'))?.[0];

    const sealed = await sealPdf(letter, {
      signer: pemSigner(chain.seal.certPem, chain.seal.keyPem, chain.ca.certPem),
      signingTime: new Date(),
    });

    expect(Buffer.from(sealed.subarray(0, letter.length)).equals(Buffer.from(letter))).toBe(true);
    const analysis = analysePdf(sealed);
    expect(analysis.problems.filter((p) => p.status === 'failed')).toEqual([]);
    expect(analysis.signatures).toHaveLength(1);
    expect(analysis.signatures[0]?.coverageVerdict).toBe('whole-document');
    expect(id).toBeDefined();
    expect(Buffer.from(sealed.subarray(letter.length)).toString('latin1')).toContain(id ?? '');
  });
});
