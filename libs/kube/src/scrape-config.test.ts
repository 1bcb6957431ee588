import { environments, services } from '@plotwatch/platform';
import { ServiceMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1';
import { describe, expect, it } from 'vitest';
import { serviceMonitor } from './manifests.ts';
import { scrapeConfigsOf } from './scrape-config.ts';

const storyApi = services.find((s) => s.name === 'story-api')!;
const pod = { address: '10.0.0.7:9080', pod: 'story-api-0', container: 'story-api' };
const secretFile = (secret: string, key: string) => `/etc/prometheus/secrets/${secret}/${key}`;

describe('scrapeConfigsOf', () => {
  it("carries a ServiceMonitor endpoint's interval, path, token and relabelings, and the operator's target labels", () => {
    expect(scrapeConfigsOf(serviceMonitor(storyApi, environments.prod), [pod], secretFile)).toEqual([
      {
        job_name: 'serviceMonitor/narrative/story-api/0',
        honor_labels: false,
        scrape_interval: '15s',
        metrics_path: '/metrics',
        scheme: 'http',
        authorization: { type: 'Bearer', credentials_file: '/etc/prometheus/secrets/metrics-scrape-token/token' },
        static_configs: [
          {
            targets: ['10.0.0.7:9080'],
            labels: {
              namespace: 'narrative',
              service: 'story-api',
              pod: 'story-api-0',
              container: 'story-api',
              endpoint: 'metrics',
              job: 'story-api',
            },
          },
        ],
        metric_relabel_configs: [{ action: 'labeldrop', regex: 'user_id|session_id|story_id|request_id|email' }],
      },
    ]);
  });

  it('refuses an endpoint field it does not translate, naming the monitor', () => {
    const monitor = new ServiceMonitor({
      metadata: { name: 'x', namespace: 'n' },
      spec: { selector: {}, endpoints: [{ port: 'metrics', relabelings: [{ action: 'drop' }] }] },
    });
    expect(() => scrapeConfigsOf(monitor, [pod], secretFile)).toThrow(
      'ServiceMonitor n/x endpoint 0: relabelings not translated to a scrape config; add it to libs/kube/src/scrape-config.ts',
    );
  });
});
