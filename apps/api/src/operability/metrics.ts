/**
 * Issue 10: a small Prometheus registry (text exposition format 0.0.4): counters, gauges and histograms
 * with labels, enough for the API's request figures. No dependency: the format is a few lines of text.
 */

export type Labels = Record<string, string>;

/** Escapes a label value: backslash, double quote and newline. */
export function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

/** Escapes HELP text: backslash and newline. */
function escapeHelp(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}

/** A number as Prometheus writes it (+Inf, -Inf, NaN, integers without a fraction). */
export function formatValue(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  return String(v);
}

function labelText(names: readonly string[], values: readonly string[], extra?: [string, string]): string {
  const parts = names.map((n, i) => `${n}="${escapeLabelValue(values[i] ?? '')}"`);
  if (extra) parts.push(`${extra[0]}="${escapeLabelValue(extra[1])}"`);
  return parts.length ? `{${parts.join(',')}}` : '';
}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

abstract class Metric {
  constructor(
    readonly name: string,
    readonly help: string,
    readonly labelNames: readonly string[],
  ) {
    if (!NAME.test(name)) throw new Error(`invalid metric name ${name}`);
    for (const l of labelNames) if (!LABEL.test(l) || l === 'le') throw new Error(`invalid label name ${l}`);
  }

  protected key(labels: Labels): string[] {
    return this.labelNames.map((n) => labels[n] ?? '');
  }

  abstract readonly type: 'counter' | 'gauge' | 'histogram';
  abstract samples(): string[];

  render(): string {
    return [
      `# HELP ${this.name} ${escapeHelp(this.help)}`,
      `# TYPE ${this.name} ${this.type}`,
      ...this.samples(),
    ]
      .join('\n')
      .concat('\n');
  }
}

export class Counter extends Metric {
  readonly type = 'counter';
  private readonly values = new Map<string, { labels: string[]; value: number }>();

  inc(labels: Labels = {}, by = 1): void {
    if (by < 0) throw new Error('a counter only goes up');
    const values = this.key(labels);
    const k = JSON.stringify(values);
    const entry = this.values.get(k) ?? { labels: values, value: 0 };
    entry.value += by;
    this.values.set(k, entry);
  }

  get(labels: Labels = {}): number {
    return this.values.get(JSON.stringify(this.key(labels)))?.value ?? 0;
  }

  samples(): string[] {
    return [...this.values.values()].map(
      (e) => `${this.name}${labelText(this.labelNames, e.labels)} ${formatValue(e.value)}`,
    );
  }
}

export class Gauge extends Metric {
  readonly type = 'gauge';
  private readonly values = new Map<string, { labels: string[]; value: number }>();

  set(labels: Labels, value: number): void {
    const values = this.key(labels);
    this.values.set(JSON.stringify(values), { labels: values, value });
  }

  samples(): string[] {
    return [...this.values.values()].map(
      (e) => `${this.name}${labelText(this.labelNames, e.labels)} ${formatValue(e.value)}`,
    );
  }
}

export class Histogram extends Metric {
  readonly type = 'histogram';
  private readonly values = new Map<
    string,
    { labels: string[]; counts: number[]; sum: number; count: number }
  >();

  constructor(
    name: string,
    help: string,
    labelNames: readonly string[],
    readonly buckets: readonly number[],
  ) {
    super(name, help, labelNames);
    for (let i = 1; i < buckets.length; i++)
      if (!(buckets[i] > buckets[i - 1])) throw new Error('histogram buckets must increase');
  }

  observe(labels: Labels, value: number): void {
    const values = this.key(labels);
    const k = JSON.stringify(values);
    let e = this.values.get(k);
    if (!e) {
      e = { labels: values, counts: this.buckets.map(() => 0), sum: 0, count: 0 };
      this.values.set(k, e);
    }
    for (let i = 0; i < this.buckets.length; i++) if (value <= this.buckets[i]) e.counts[i] += 1;
    e.sum += value;
    e.count += 1;
  }

  samples(): string[] {
    const out: string[] = [];
    for (const e of this.values.values()) {
      this.buckets.forEach((b, i) => {
        out.push(
          `${this.name}_bucket${labelText(this.labelNames, e.labels, ['le', formatValue(b)])} ${e.counts[i]}`,
        );
      });
      out.push(`${this.name}_bucket${labelText(this.labelNames, e.labels, ['le', '+Inf'])} ${e.count}`);
      out.push(`${this.name}_sum${labelText(this.labelNames, e.labels)} ${formatValue(e.sum)}`);
      out.push(`${this.name}_count${labelText(this.labelNames, e.labels)} ${e.count}`);
    }
    return out;
  }
}

export class Registry {
  private readonly metrics: Metric[] = [];

  register<M extends Metric>(metric: M): M {
    if (this.metrics.some((m) => m.name === metric.name))
      throw new Error(`metric ${metric.name} registered twice`);
    this.metrics.push(metric);
    return metric;
  }

  /** The exposition text of every metric, in registration order. */
  render(): string {
    return this.metrics.map((m) => m.render()).join('');
  }
}

export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';
