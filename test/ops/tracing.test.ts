/**
 * OpenTelemetry: with a tracer (the application's SDK), every request is one `phiguard.request`
 * span with a child per stage hook, continuing an incoming W3C traceparent; attributes carry codes
 * and ids, never the path, query or a header value. Without an exporter configured, no spans.
 */
import { propagation } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkPolicyText } from '../../src/policy/index.js';
import { createPhiguard, type Phiguard } from '../../src/runtime/index.js';
import { simulate } from '../../src/runtime/simulate.js';
import { tracerFor } from '../../src/runtime/tracing.js';

const exporter = new InMemorySpanExporter();
const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
let g: Phiguard;
const { policy } = checkPolicyText('p.yaml', 'version: 1\nname: traced\nroles: [clinician]\nroutes:\n  - { id: meta, method: GET, path: /metadata, public: true }\n  - { id: pt, method: GET, path: "/Patient/{id}", resource: Patient, interaction: read, patient: "{id}", allow: { roles: [clinician] } }\n', {});

beforeAll(async () => {
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  g = await createPhiguard({ policy: policy!, auditStore: 'memory:', log: () => undefined, tracing: provider.getTracer('test') });
});
afterAll(async () => {
  await g.close();
  propagation.disable();
});

describe('OpenTelemetry spans', () => {
  it('an allowed request: one request span, a child per stage, continuing the caller trace', async () => {
    exporter.reset();
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const r = await simulate(g, { target: '/metadata?secret=Jane+Doe', headers: { traceparent: `00-${traceId}-00f067aa0ba902b7-01` } }, () => ({ status: 200, headers: [['content-type', 'application/json']], body: '{}' }));
    expect(r.status).toBe(200);
    const spans = exporter.getFinishedSpans();
    const root = spans.find((s) => s.name === 'phiguard.request')!;
    expect(root).toBeDefined();
    expect(root.spanContext().traceId).toBe(traceId);
    expect(root.attributes).toMatchObject({ 'phiguard.route': 'meta', 'http.route': '/metadata', 'http.response.status_code': 200, 'phiguard.outcome': 'PG_OK', 'phiguard.policy.hash': g.policy.hash });
    const names = spans.filter((s) => s.parentSpanContext?.spanId === root.spanContext().spanId).map((s) => s.name);
    for (const stage of ['canonicalize', 'identify', 'route', 'audit', 'alert']) expect(names).toContain(`phiguard.${stage}`);
    expect(JSON.stringify(spans.map((s) => s.attributes))).not.toMatch(/Jane|secret|metadata\?/);
  });

  it('a denied request: the request span has the reason code and an error status; the failing stage span too', async () => {
    exporter.reset();
    const r = await simulate(g, { target: '/Patient/p1' }, () => ({ status: 200, body: '{}' }));
    expect(r.code).toBe('PG_AUTH_MISSING');
    const spans = exporter.getFinishedSpans();
    const root = spans.find((s) => s.name === 'phiguard.request')!;
    expect(root.attributes['phiguard.outcome']).toBe('PG_AUTH_MISSING');
    expect(root.status.message).toBe('PG_AUTH_MISSING');
    expect(spans.find((s) => s.name === 'phiguard.identify')?.status.message).toBe('PG_AUTH_MISSING');
  });

  it('is off unless asked for or OTEL_TRACES_EXPORTER names an exporter', () => {
    expect(tracerFor(undefined, {})).toBeUndefined();
    expect(tracerFor(undefined, { OTEL_TRACES_EXPORTER: 'none' })).toBeUndefined();
    expect(tracerFor(undefined, { OTEL_TRACES_EXPORTER: 'otlp' })).toBeDefined();
    expect(tracerFor(false, { OTEL_TRACES_EXPORTER: 'otlp' })).toBeUndefined();
    expect(tracerFor(true, {})).toBeDefined();
  });
});
