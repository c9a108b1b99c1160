import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ENVIRONMENT, unknownTongbanVariables } from './environment';
import { loadRuntimeConfig } from './runtime-config';

describe('environment', () => {
  it('names the TONGBAN_* variables it does not know', () => {
    expect(unknownTongbanVariables({ TONGBAN_DEMO: 'true', TONGBAN_METRIC_PORT: '9000', TONGBAN_SWEEP_MS: '500', PATH: '/bin', TONGBAN_LOGLEVEL: 'debug' })).toEqual(['TONGBAN_LOGLEVEL', 'TONGBAN_METRIC_PORT']);
  });

  it('is documented variable by variable in the README configuration table', () => {
    const readme = readFileSync(join(__dirname, '../../../../README.md'), 'utf8');
    const documented = [...readme.matchAll(/^\| `([A-Z_]+)` \|/gm)].map((m) => m[1]);
    expect(documented).toEqual(ENVIRONMENT.map((v) => v.name));
  });

  it('reads the operations, logging, tracing and retention settings with their defaults', () => {
    expect(loadRuntimeConfig({})).toMatchObject({ metricsPort: 9464, logLevel: 'info', logFormat: 'pretty', outboxRetentionDays: 7, auditRetentionDays: 365, sweepMs: 1000, strandedGraceMs: 15000 });
    expect(loadRuntimeConfig({}).otlpEndpoint).toBeUndefined();
    expect(loadRuntimeConfig({}).apiProcesses).toBe(1);
    expect(loadRuntimeConfig({ TONGBAN_API_PROCESSES: '2' }).apiProcesses).toBe(2);
    expect(loadRuntimeConfig({}).historyRetentionDays).toBeUndefined();
    expect(loadRuntimeConfig({ NODE_ENV: 'test' })).toMatchObject({ logLevel: 'warn', logFormat: 'json' });
    expect(loadRuntimeConfig({ NODE_ENV: 'test' }).metricsPort).toBeUndefined();
    expect(loadRuntimeConfig({ TONGBAN_METRICS_PORT: 'off' }).metricsPort).toBeUndefined();
    expect(loadRuntimeConfig({ TONGBAN_METRICS_PORT: '9100', TONGBAN_HISTORY_RETENTION_DAYS: '730', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' })).toMatchObject({ metricsPort: 9100, historyRetentionDays: 730, otlpEndpoint: 'http://collector:4318' });
  });

  it('refuses bad values naming the variable, and an audit retention under 180 days', () => {
    expect(() => loadRuntimeConfig({ TONGBAN_AUDIT_RETENTION_DAYS: '90' })).toThrow(/TONGBAN_AUDIT_RETENTION_DAYS .*at least 180/);
    expect(() => loadRuntimeConfig({ TONGBAN_OUTBOX_RETENTION_DAYS: '1' })).toThrow(/TONGBAN_OUTBOX_RETENTION_DAYS/);
    expect(() => loadRuntimeConfig({ TONGBAN_LOG_LEVEL: 'verbose' })).toThrow(/TONGBAN_LOG_LEVEL must be one of/);
    expect(() => loadRuntimeConfig({ TONGBAN_LOG_FORMAT: 'xml' })).toThrow(/TONGBAN_LOG_FORMAT/);
    expect(() => loadRuntimeConfig({ TONGBAN_METRICS_PORT: 'ninety' })).toThrow(/TONGBAN_METRICS_PORT/);
    expect(() => loadRuntimeConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' })).toThrow(/OTEL_EXPORTER_OTLP_ENDPOINT/);
    expect(() => loadRuntimeConfig({ TONGBAN_SWEEP_MS: '10' })).toThrow(/TONGBAN_SWEEP_MS/);
    expect(() => loadRuntimeConfig({ TONGBAN_API_PROCESSES: '0' })).toThrow(/TONGBAN_API_PROCESSES must be a whole number from 1 to 64/);
  });
});
