import { describe, expect, it } from 'vitest';
import { SafeHtml } from '../../../src/web/html.js';
import {
  barChart,
  DEFAULT_HEIGHT,
  DEFAULT_WIDTH,
  lineChart,
  MARGIN,
  niceCeiling,
} from '../../../src/web/views/charts.js';

/** The dashboard's SVG charts: escaped text, accessible, no inline style, sensible scales. */
const heights = (svg: string): number[] =>
  [...svg.matchAll(/<rect class="chart-bar"[^>]* height="([\d.]+)"/g)].map((m) => Number(m[1]));

const hours = <V extends number | null>(values: readonly V[]): Array<{ label: string; value: V }> =>
  values.map((value, i) => ({ label: `${String(i).padStart(2, '0')}:00`, value }));

describe('barChart', () => {
  it('when a label or the title carries markup, then it is shown as text, never as markup', () => {
    const svg = barChart([{ label: '<script>alert(1)</script>', value: 3 }], {
      title: 'Mail "today" & <b>now</b>',
      unit: '<img src=x>',
    }).toString();
    expect(svg).not.toMatch(/<script|<img|<b>/);
    expect(svg).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(svg).toContain(
      '<title id="chart-mail-today-b-now-b-title">Mail &quot;today&quot; &amp; &lt;b&gt;now&lt;/b&gt;</title>',
    );
    expect(svg).toContain('&lt;img src=x&gt;');
  });

  it('is an accessible image with a title and a description that reads every value', () => {
    const chart = barChart(
      [
        { label: '09:00', value: 2 },
        { label: '10:00', value: 6 },
      ],
      { title: 'Messages received', unit: 'messages' },
    );
    expect(chart).toBeInstanceOf(SafeHtml);
    const svg = chart.toString();
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"[^>]* role="img"/);
    expect(svg).toContain(
      'aria-labelledby="chart-messages-received-title chart-messages-received-desc"',
    );
    expect(svg).toContain(
      '<desc id="chart-messages-received-desc">09:00: 2 messages; 10:00: 6 messages. Highest: 6 messages (10:00).</desc>',
    );
    expect(svg).toContain('<title>10:00: 6 messages</title>');
  });

  it('never uses inline styles, scripts or outside assets (the CSP forbids them)', () => {
    const svgs = [
      barChart(hours([1, 2, 3]), { title: 'a' }).toString(),
      lineChart([{ name: 'p50', points: hours([1, null, 3]) }], { title: 'b' }).toString(),
    ];
    for (const svg of svgs) {
      expect(svg).not.toMatch(/style=|<style|<script|on[a-z]+=|href=|url\(/i);
      expect(svg).toContain('class="chart ');
    }
  });

  it('when the series is empty, then it says there is no data and draws no bar', () => {
    const svg = barChart([], { title: 'Nothing' }).toString();
    expect(heights(svg)).toEqual([]);
    expect(svg).toContain('<desc id="chart-nothing-desc">No data.</desc>');
    expect(svg).toContain('>No data</text>');
    expect(svg).not.toMatch(/NaN|Infinity/);
  });

  it('when every value is zero, then bars are flat, the scale is 0–1 and the description says so', () => {
    const svg = barChart(hours([0, 0, 0]), { title: 'Quiet' }).toString();
    expect(heights(svg)).toEqual([0, 0, 0]);
    expect(svg).toContain('All values are zero.');
    expect(svg).toContain('>1</text>');
    expect(svg).not.toMatch(/NaN|Infinity/);
  });

  it('scales bars to a round maximum: the tallest fills the plot when the maximum is round', () => {
    const plot = DEFAULT_HEIGHT - MARGIN.top - MARGIN.bottom;
    expect(heights(barChart(hours([5, 10]), { title: 'x' }).toString())).toEqual([plot / 2, plot]);
    // 7 rounds up to 10: the tallest bar reaches 70 %.
    const [seven] = heights(barChart(hours([7]), { title: 'x' }).toString());
    expect(seven).toBeCloseTo(plot * 0.7, 1);
  });

  it('when a value is negative or not a number, then it is drawn as zero', () => {
    const svg = barChart(
      [
        { label: 'a', value: -4 },
        { label: 'b', value: Number.NaN },
        { label: 'c', value: 2 },
      ],
      { title: 'x' },
    ).toString();
    expect(heights(svg)).toEqual([0, 0, DEFAULT_HEIGHT - MARGIN.top - MARGIN.bottom]);
    expect(svg).not.toMatch(/NaN/);
  });

  it('when there are many categories, then only every few labels are written so they do not overlap', () => {
    const svg = barChart(hours(Array.from({ length: 24 }, () => 1)), { title: 'Day' }).toString();
    const labels = [...svg.matchAll(/class="chart-category"/g)];
    expect(labels.length).toBeGreaterThan(1);
    expect(labels.length).toBeLessThanOrEqual(
      Math.floor((DEFAULT_WIDTH - MARGIN.left - MARGIN.right) / 36) + 1,
    );
  });

  it('takes the size it is given, within a minimum', () => {
    expect(barChart([], { title: 'x', width: 600, height: 200 }).toString()).toContain(
      'viewBox="0 0 600 200"',
    );
    expect(barChart([], { title: 'x', width: 10, height: 10 }).toString()).toContain(
      'viewBox="0 0 120 80"',
    );
  });
});

describe('lineChart', () => {
  it('draws two series told apart by more than colour, with a legend, and gaps where nothing was measured', () => {
    const svg = lineChart(
      [
        { name: 'p50', points: hours([60, null, 120, 90]) },
        { name: 'p95 <slow>', points: hours([100, null, 300, 150]) },
      ],
      { title: 'Time to answer', unit: 's' },
    ).toString();
    // The gap splits each line in two; a single point stays visible as its dot.
    expect(svg.match(/<polyline class="chart-line chart-series-1"/g)).toHaveLength(1);
    expect(svg.match(/<circle class="chart-point chart-series-1"/g)).toHaveLength(3);
    expect(svg).toMatch(/<polyline class="chart-line chart-series-2"[^>]*stroke-dasharray/);
    expect(svg).toContain('class="chart-legend"');
    expect(svg).toContain('p95 &lt;slow&gt;');
    expect(svg).not.toContain('<slow>');
    expect(svg).toContain('01:00: no data');
    expect(svg).toContain('Highest: 300 s (02:00).');
    // The scale is shared: 300 rounds to 500.
    expect(svg).toContain('>500</text>');
  });

  it('when there is nothing at all, then it says so', () => {
    const svg = lineChart([], { title: 'Empty' }).toString();
    expect(svg).toContain('No data.');
    expect(svg).not.toMatch(/<polyline|<circle|NaN/);
    const gaps = lineChart([{ name: 'p50', points: hours([null, null]) }], {
      title: 'Gaps',
    }).toString();
    expect(gaps).toContain('No values.');
    expect(gaps).not.toMatch(/<polyline|<circle|NaN/);
  });

  it('refuses more series than it can tell apart', () => {
    const line = { name: 'x', points: hours([1]) };
    expect(() => lineChart([line, line, line], { title: 'x' })).toThrow(RangeError);
  });
});

describe('niceCeiling', () => {
  it('rounds up to 1, 2 or 5 times a power of ten', () => {
    expect([0, -3, 0.3, 1, 3, 7, 10, 11, 99, 101, 4_800].map(niceCeiling)).toEqual([
      1, 1, 0.5, 1, 5, 10, 10, 20, 100, 200, 5_000,
    ]);
  });
});
