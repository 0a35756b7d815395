import { describe, expect, it } from 'vitest';
import { escapeHtml, html, raw } from '../../../src/web/html.js';

describe('html templates escape everything they are given', () => {
  it('text, attributes and nested values are escaped; markup from html`` and raw() is kept', () => {
    const evil = `"><script>alert('x')</script>`;
    const out = html`<a title="${evil}">${evil}</a>${html`<b>${evil}</b>`}${raw('<i>ok</i>')}`;
    expect(out.value).toBe(
      '<a title="&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;">&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;</a><b>&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;</b><i>ok</i>',
    );
  });

  it('arrays are joined, and null, undefined and false render as nothing', () => {
    expect(html`${['<a>', html`<b></b>`]}|${null}|${undefined}|${false}|${0}`.value).toBe(
      '&lt;a&gt;<b></b>||||0',
    );
  });

  it('backticks are escaped too (old browsers treat them as attribute quotes)', () => {
    expect(escapeHtml('`x`')).toBe('&#96;x&#96;');
  });
});
