import { environments, services } from '@plotwatch/platform';
import { describe, expect, it } from 'vitest';
import {
  dashboardConfigMap,
  healthProbe,
  MAX_CONFIGMAP_BYTES,
  metricsNetworkPolicy,
  serviceMonitor,
} from './manifests.ts';
import { kubePrometheusStackValues } from './helm-values.ts';

const env = environments.prod;
const storyApi = services.find((s) => s.name === 'story-api')!;

describe('dashboardConfigMap', () => {
  it('is labelled for the Grafana sidecar and names its folder', () => {
    const cm = dashboardConfigMap({
      uid: 'a-ops-x',
      json: '{"uid":"a-ops-x"}',
      folder: 'Aurora Books/Operations',
      env,
    }).toJSON();
    expect(cm.metadata?.labels).toMatchObject({ grafana_dashboard: '1', release: 'kube-prometheus-stack' });
    expect(cm.metadata?.annotations).toEqual({ grafana_folder: 'Aurora Books/Operations' });
    expect(cm.data).toEqual({ 'a-ops-x.json': '{"uid":"a-ops-x"}' });
  });

  it('refuses a dashboard over the 1 MiB ConfigMap limit, naming it', () => {
    const json = `{"x":"${'y'.repeat(MAX_CONFIGMAP_BYTES)}"}`;
    expect(() => dashboardConfigMap({ uid: 'huge', json, folder: 'F', env })).toThrow(
      /dashboard huge is \d+ bytes as JSON; a ConfigMap holds at most 1048576/,
    );
  });
});

describe('scrape configuration', () => {
  it('ServiceMonitor: metrics port, path, interval of the environment, token by Secret reference, forbidden labels dropped', () => {
    const endpoint = serviceMonitor(storyApi, env).toJSON().spec.endpoints![0]!;
    expect(endpoint).toMatchObject({
      port: 'metrics',
      path: '/metrics',
      interval: '15s',
      authorization: { type: 'Bearer', credentials: { name: 'metrics-scrape-token', key: 'token' } },
    });
    expect(endpoint.metricRelabelings).toEqual([
      { action: 'labeldrop', regex: 'user_id|session_id|story_id|request_id|email' },
    ]);
  });

  it('NetworkPolicy: the metrics port only from Prometheus pods, the API port as before', () => {
    const [metrics, api] = metricsNetworkPolicy(storyApi, env).toJSON().spec!.ingress!;
    expect(metrics).toEqual({
      from: [
        {
          namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } },
          podSelector: { matchLabels: { 'app.kubernetes.io/name': 'prometheus' } },
        },
      ],
      ports: [{ protocol: 'TCP', port: storyApi.metricsPort }],
    });
    expect(api).toEqual({ ports: [{ protocol: 'TCP', port: storyApi.port }] });
  });

  it('Probe: the public health URL through blackbox', () => {
    const spec = healthProbe({ ...storyApi, healthUrl: storyApi.healthUrl! }, env).toJSON().spec;
    expect(spec.targets?.staticConfig?.static).toEqual(['https://api.plotwatch.example/healthz']);
    expect(spec.module).toBe('http_2xx');
  });

  it('the chart selects exactly what we label: rules, monitors and probes carry its release label', () => {
    const prometheus = (
      kubePrometheusStackValues(env) as {
        prometheus: { prometheusSpec: Record<string, { matchLabels: Record<string, string> }> };
      }
    ).prometheus.prometheusSpec;
    for (const selector of ['ruleSelector', 'serviceMonitorSelector', 'probeSelector']) {
      expect(serviceMonitor(storyApi, env).toJSON().metadata?.labels).toMatchObject(prometheus[selector]!.matchLabels);
    }
  });

  it.each(Object.values(environments))('values for $id carry its retention and intervals', (e) => {
    const spec = (kubePrometheusStackValues(e) as { prometheus: { prometheusSpec: Record<string, unknown> } })
      .prometheus.prometheusSpec;
    expect(spec).toMatchObject({
      retention: e.retention,
      scrapeInterval: e.scrapeInterval,
      evaluationInterval: e.evaluationInterval,
    });
    expect('remoteWrite' in spec).toBe(e.monitoring.remoteWriteUrl !== undefined);
    expect('additionalScrapeConfigs' in spec).toBe(e.monitoring.federation !== undefined);
  });
});
