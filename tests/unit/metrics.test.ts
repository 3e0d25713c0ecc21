/**
 * Issue 10: the API's Prometheus registry writes the text exposition format: HELP and TYPE lines,
 * escaped label values, cumulative histogram buckets with +Inf, _sum and _count; and the request ids
 * and log lines the processes write.
 */
import {
  Counter,
  Gauge,
  Histogram,
  Registry,
  escapeLabelValue,
  formatValue,
} from '../../apps/api/src/operability/metrics';
import { formatLogLine, requestContext, requestIdFrom } from '../../platform/logging';
import { redactError } from '../../platform/notification-delivery';

describe('Prometheus text format', () => {
  it('writes a counter with labels, HELP and TYPE, and counts up', () => {
    const r = new Registry();
    const c = r.register(
      new Counter('ogi_http_requests_total', 'Requests\nanswered', ['method', 'route', 'status']),
    );
    c.inc({ method: 'GET', route: '/api/health', status: '200' });
    c.inc({ method: 'GET', route: '/api/health', status: '200' });
    c.inc({ method: 'POST', route: '/api/applications', status: '201' }, 3);
    expect(r.render()).toBe(
      [
        '# HELP ogi_http_requests_total Requests\\nanswered',
        '# TYPE ogi_http_requests_total counter',
        'ogi_http_requests_total{method="GET",route="/api/health",status="200"} 2',
        'ogi_http_requests_total{method="POST",route="/api/applications",status="201"} 3',
        '',
      ].join('\n'),
    );
    expect(() => c.inc({}, -1)).toThrow();
  });

  it('escapes label values (backslash, quote, newline)', () => {
    expect(escapeLabelValue('a\\b"c\nd')).toBe('a\\\\b\\"c\\nd');
    const c = new Counter('x_total', 'x', ['route']);
    c.inc({ route: '/a"b' });
    expect(c.render()).toContain('x_total{route="/a\\"b"} 1');
  });

  it('writes histograms with cumulative buckets, +Inf, _sum and _count', () => {
    const h = new Histogram('d_seconds', 'durations', ['route'], [0.1, 1]);
    h.observe({ route: '/r' }, 0.05);
    h.observe({ route: '/r' }, 0.5);
    h.observe({ route: '/r' }, 3);
    expect(h.render().split('\n')).toEqual([
      '# HELP d_seconds durations',
      '# TYPE d_seconds histogram',
      'd_seconds_bucket{route="/r",le="0.1"} 1',
      'd_seconds_bucket{route="/r",le="1"} 2',
      'd_seconds_bucket{route="/r",le="+Inf"} 3',
      'd_seconds_sum{route="/r"} 3.55',
      'd_seconds_count{route="/r"} 3',
      '',
    ]);
    expect(() => new Histogram('h', 'h', [], [1, 1])).toThrow();
  });

  it('writes gauges without labels, special values, and refuses bad names', () => {
    const g = new Gauge('ogi_worker_metrics_up', 'up', []);
    g.set({}, 0);
    expect(g.render()).toContain('\nogi_worker_metrics_up 0\n');
    expect([formatValue(Infinity), formatValue(-Infinity), formatValue(NaN), formatValue(2)]).toEqual([
      '+Inf',
      '-Inf',
      'NaN',
      '2',
    ]);
    expect(() => new Counter('bad-name', 'x', [])).toThrow();
    expect(() => new Counter('ok', 'x', ['le'])).toThrow();
    const r = new Registry();
    r.register(new Counter('twice', 'x', []));
    expect(() => r.register(new Counter('twice', 'x', []))).toThrow();
  });
});

describe('request ids and log lines', () => {
  it('keeps a safe X-Request-Id and replaces anything else', () => {
    expect(requestIdFrom('abc-123_x.y:z')).toBe('abc-123_x.y:z');
    for (const bad of ['', 'a b', 'x'.repeat(65), '<script>', undefined, 42])
      expect(requestIdFrom(bad)).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('writes time, level, msg and the request context as one JSON line', () => {
    const line = requestContext.run({ requestId: 'r-1', workflowId: 'application/x/1' }, () =>
      formatLogLine('info', 'hello', { error: new Error('boom'), skipped: undefined }, new Date(0)),
    );
    expect(JSON.parse(line)).toEqual({
      time: '1970-01-01T00:00:00.000Z',
      level: 'info',
      msg: 'hello',
      requestId: 'r-1',
      workflowId: 'application/x/1',
      error: 'boom',
    });
  });

  it('redacts credentials, query strings and secrets from a delivery error', () => {
    const config = {
      webhookUrl: 'https://hooks.example/ogi?token=abc',
      webhookSecret: 'super-secret-value-123',
      smtpUrl: 'smtps://mailer:p%40ss-word@smtp.example:465',
      smtpFrom: 'x',
    };
    const err = new Error('fetch failed', {
      cause: new Error('https://u:pw@hooks.example/ogi?token=abc refused; super-secret-value-123; p@ss-word'),
    });
    const text = redactError(err, config);
    expect(text).toContain('fetch failed');
    for (const secret of ['u:pw', 'token=abc', 'super-secret-value-123', 'p@ss-word'])
      expect(text).not.toContain(secret);
  });
});
