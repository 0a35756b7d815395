import { escapeHtml, raw, type SafeHtml } from '../html.js';

/**
 * Small SVG charts for the dashboard, drawn on the server: no script, no external asset and no
 * inline style (the CSP forbids them). Colours are SVG presentation attributes, which the page's
 * stylesheet may override through the `chart-*` classes. Each chart is an image with a title and
 * a description that reads out every value, so the figures reach people who cannot see it.
 * Every piece of text is escaped: labels may come from the database.
 */

export interface ChartPoint {
  label: string;
  value: number;
}

/** A line's point; null is a gap (an hour with nothing to measure). */
export interface LinePoint {
  label: string;
  value: number | null;
}

export interface LineSeries {
  name: string;
  points: readonly LinePoint[];
}

export interface ChartOptions {
  title: string;
  unit?: string | undefined;
  width?: number | undefined;
  height?: number | undefined;
  /** For `aria-labelledby`; defaults to one made from the title (give one when titles repeat). */
  id?: string | undefined;
}

/** Fits a dashboard card; the viewBox scales it to the card's width. */
export const DEFAULT_WIDTH = 480;
export const DEFAULT_HEIGHT = 160;
/** Below this the axis labels overlap the plot. */
const MIN_WIDTH = 120;
const MIN_HEIGHT = 80;
/** Room for the unit above the scale, the scale on the left and the category labels below. */
export const MARGIN = { top: 16, right: 8, bottom: 22, left: 40 } as const;
/** Horizontal room one category label needs before the next one is drawn. */
const MIN_LABEL_SPACING = 36;
/** Share of a bar's slot left empty between bars. */
const BAR_GAP = 0.2;
const LEGEND_HEIGHT = 16;
const POINT_RADIUS = 2.5;
/** Line colours and dash patterns: series differ by more than colour. */
const SERIES_STYLES = [
  { stroke: '#1f5fa8', dash: null },
  { stroke: '#b3541e', dash: '5 3' },
] as const;
/** More lines than styles would be unreadable in a chart this small. */
export const MAX_LINE_SERIES = SERIES_STYLES.length;

export function barChart(series: readonly ChartPoint[], opts: ChartOptions): SafeHtml {
  const frame = frameOf(opts, false);
  const values = series.map((p) => clean(p.value) ?? 0);
  const top = niceCeiling(Math.max(0, ...values));
  const slot = series.length ? frame.plotWidth / series.length : 0;
  const bars = series.map((p, i) => {
    const value = values[i] ?? 0;
    const h = (value / top) * frame.plotHeight;
    const x = frame.left + i * slot + (slot * BAR_GAP) / 2;
    return (
      `<rect class="chart-bar" x="${n(x)}" y="${n(frame.bottom - h)}" width="${n(slot * (1 - BAR_GAP))}" ` +
      `height="${n(h)}" fill="#1f5fa8"><title>${text(`${p.label}: ${withUnit(value, opts.unit)}`)}</title></rect>`
    );
  });
  const labels = series.map((p) => p.label);
  const description = series.length
    ? describe(opts, [
        { name: '', points: series.map((p, i) => ({ ...p, value: values[i] ?? 0 })) },
      ])
    : 'No data.';
  return svg(opts, frame, 'chart-bar-chart', description, [
    axes(frame, top, opts.unit),
    ...bars,
    categoryLabels(frame, labels, slot, true),
    series.length ? '' : noData(frame),
  ]);
}

/** One or two lines over the same categories (e.g. p50 and p95 per hour). */
export function lineChart(series: readonly LineSeries[], opts: ChartOptions): SafeHtml {
  if (series.length > MAX_LINE_SERIES)
    throw new RangeError(`a line chart draws at most ${MAX_LINE_SERIES} series`);
  const frame = frameOf(opts, series.length > 1);
  const cleaned = series.map((s) => ({
    name: s.name,
    points: s.points.map((p) => ({ label: p.label, value: clean(p.value) })),
  }));
  const count = Math.max(0, ...cleaned.map((s) => s.points.length));
  const present = cleaned.flatMap((s) => s.points.map((p) => p.value).filter(isNumber));
  const top = niceCeiling(Math.max(0, ...present));
  const step = count > 1 ? frame.plotWidth / (count - 1) : 0;
  const xAt = (i: number): number =>
    count > 1 ? frame.left + i * step : frame.left + frame.plotWidth / 2;
  const yAt = (v: number): number => frame.bottom - (v / top) * frame.plotHeight;
  const lines = cleaned.map((s, index) => {
    const style = SERIES_STYLES[index] ?? SERIES_STYLES[0];
    const dash = style.dash ? ` stroke-dasharray="${style.dash}"` : '';
    const segments: string[] = [];
    let current: string[] = [];
    const flush = (): void => {
      if (current.length > 1)
        segments.push(
          `<polyline class="chart-line chart-series-${index + 1}" fill="none" stroke="${style.stroke}" stroke-width="2"${dash} points="${current.join(' ')}"/>`,
        );
      current = [];
    };
    const dots: string[] = [];
    s.points.forEach((p, i) => {
      if (p.value === null) return flush();
      const point = `${n(xAt(i))},${n(yAt(p.value))}`;
      current.push(point);
      dots.push(
        `<circle class="chart-point chart-series-${index + 1}" cx="${n(xAt(i))}" cy="${n(yAt(p.value))}" r="${POINT_RADIUS}" fill="${style.stroke}">` +
          `<title>${text(`${labelled(s.name, p.label)}: ${withUnit(p.value, opts.unit)}`)}</title></circle>`,
      );
    });
    flush();
    return `<g class="chart-series">${segments.join('')}${dots.join('')}</g>`;
  });
  const labels = (cleaned.find((s) => s.points.length === count)?.points ?? []).map((p) => p.label);
  const description = present.length || count ? describe(opts, cleaned) : 'No data.';
  return svg(opts, frame, 'chart-line-chart', description, [
    axes(frame, top, opts.unit),
    ...lines,
    categoryLabels(frame, labels, step, false),
    series.length > 1
      ? legend(
          frame,
          cleaned.map((s) => s.name),
        )
      : '',
    count === 0 ? noData(frame) : '',
  ]);
}

interface Frame {
  width: number;
  height: number;
  left: number;
  bottom: number;
  plotWidth: number;
  plotHeight: number;
  /** Top of the plot (below the legend when there is one). */
  top: number;
}

function frameOf(opts: ChartOptions, withLegend: boolean): Frame {
  const width = Math.max(MIN_WIDTH, Math.round(clean(opts.width ?? null) ?? DEFAULT_WIDTH));
  const height = Math.max(MIN_HEIGHT, Math.round(clean(opts.height ?? null) ?? DEFAULT_HEIGHT));
  const top = MARGIN.top + (withLegend ? LEGEND_HEIGHT : 0);
  return {
    width,
    height,
    left: MARGIN.left,
    top,
    bottom: height - MARGIN.bottom,
    plotWidth: width - MARGIN.left - MARGIN.right,
    plotHeight: height - MARGIN.bottom - top,
  };
}

function svg(
  opts: ChartOptions,
  frame: Frame,
  kind: string,
  description: string,
  parts: readonly string[],
): SafeHtml {
  const id = idOf(opts);
  return raw(
    `<svg xmlns="http://www.w3.org/2000/svg" class="chart ${kind}" role="img" ` +
      `viewBox="0 0 ${frame.width} ${frame.height}" width="${frame.width}" height="${frame.height}" ` +
      `aria-labelledby="${id}-title ${id}-desc">` +
      `<title id="${id}-title">${text(opts.title)}</title>` +
      `<desc id="${id}-desc">${text(description)}</desc>` +
      parts.join('') +
      '</svg>',
  );
}

function axes(frame: Frame, top: number, unit: string | undefined): string {
  const right = frame.left + frame.plotWidth;
  const label = (y: number, value: number): string =>
    `<text class="chart-axis-label" x="${frame.left - 4}" y="${n(y + 4)}" text-anchor="end" font-size="10" fill="#555">${text(formatNumber(value))}</text>`;
  return (
    `<g class="chart-axes">` +
    `<line class="chart-grid" x1="${frame.left}" y1="${frame.top}" x2="${right}" y2="${frame.top}" stroke="#ddd"/>` +
    `<line class="chart-axis" x1="${frame.left}" y1="${frame.bottom}" x2="${right}" y2="${frame.bottom}" stroke="#888"/>` +
    label(frame.top, top) +
    label(frame.bottom, 0) +
    (unit
      ? `<text class="chart-unit" x="${frame.left - 4}" y="${frame.top - 7}" text-anchor="end" font-size="9" fill="#555">${text(unit)}</text>`
      : '') +
    '</g>'
  );
}

/** Category labels under the plot, thinned out so that they never overlap. */
function categoryLabels(
  frame: Frame,
  labels: readonly string[],
  spacing: number,
  centred: boolean,
): string {
  if (labels.length === 0) return '';
  const every = spacing > 0 ? Math.max(1, Math.ceil(MIN_LABEL_SPACING / spacing)) : 1;
  const out: string[] = [];
  labels.forEach((label, i) => {
    if (i % every !== 0) return;
    const x =
      labels.length === 1 && !centred
        ? frame.left + frame.plotWidth / 2
        : frame.left + i * spacing + (centred ? spacing / 2 : 0);
    out.push(
      `<text class="chart-category" x="${n(x)}" y="${frame.bottom + 14}" text-anchor="middle" font-size="10" fill="#555">${text(label)}</text>`,
    );
  });
  return `<g class="chart-categories">${out.join('')}</g>`;
}

function legend(frame: Frame, names: readonly string[]): string {
  const items = names.map((name, i) => {
    const style = SERIES_STYLES[i] ?? SERIES_STYLES[0];
    const x = frame.left + i * (frame.plotWidth / names.length);
    const dash = style.dash ? ` stroke-dasharray="${style.dash}"` : '';
    return (
      `<line class="chart-legend-swatch chart-series-${i + 1}" x1="${n(x)}" y1="${MARGIN.top - 4}" x2="${n(x + 16)}" y2="${MARGIN.top - 4}" stroke="${style.stroke}" stroke-width="2"${dash}/>` +
      `<text class="chart-legend" x="${n(x + 20)}" y="${MARGIN.top}" font-size="10" fill="#333">${text(name)}</text>`
    );
  });
  return `<g class="chart-legend-items">${items.join('')}</g>`;
}

function noData(frame: Frame): string {
  return `<text class="chart-empty" x="${n(frame.left + frame.plotWidth / 2)}" y="${n(frame.top + frame.plotHeight / 2)}" text-anchor="middle" font-size="11" fill="#777">No data</text>`;
}

/** The description read out instead of the picture: every value, then the highest. */
function describe(
  opts: ChartOptions,
  series: ReadonlyArray<{
    name: string;
    points: ReadonlyArray<{ label: string; value: number | null }>;
  }>,
): string {
  return series
    .map((s) => {
      const values = s.points.map(
        (p) => `${p.label}: ${p.value === null ? 'no data' : withUnit(p.value, opts.unit)}`,
      );
      const present = s.points.filter(
        (p): p is { label: string; value: number } => p.value !== null,
      );
      const highest = present.reduce<{ label: string; value: number } | undefined>(
        (best, p) => (best === undefined || p.value > best.value ? p : best),
        undefined,
      );
      const summary =
        present.length === 0
          ? 'No values.'
          : highest && highest.value > 0
            ? `Highest: ${withUnit(highest.value, opts.unit)} (${highest.label}).`
            : 'All values are zero.';
      return `${s.name ? `${s.name}. ` : ''}${values.join('; ')}. ${summary}`;
    })
    .join(' ');
}

/** The smallest 1, 2 or 5 × 10ⁿ at or above `max`; 1 for an empty or all-zero chart. */
export function niceCeiling(max: number): number {
  if (!(max > 0)) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(max));
  for (const step of [1, 2, 5, 10]) if (step * magnitude >= max) return step * magnitude;
  return 10 * magnitude;
}

/** Counts and durations cannot be negative or infinite; such a value is drawn as nothing. */
function clean(value: number | null): number | null {
  return value === null || !Number.isFinite(value) ? null : Math.max(0, value);
}

function isNumber(value: number | null): value is number {
  return value !== null;
}

function formatNumber(value: number): string {
  return Number.isInteger(value) ? String(value) : String(Number(value.toFixed(1)));
}

function withUnit(value: number, unit: string | undefined): string {
  return unit ? `${formatNumber(value)} ${unit}` : formatNumber(value);
}

function labelled(series: string, label: string): string {
  return series ? `${series}, ${label}` : label;
}

/** Coordinates with two decimals: enough for a screen, short in the page. */
function n(value: number): string {
  return String(Math.round(value * 100) / 100);
}

function text(value: string): string {
  return escapeHtml(value);
}

function idOf(opts: ChartOptions): string {
  const base = (opts.id ?? opts.title)
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return `chart-${base || 'untitled'}`;
}
