import type { Environment } from '@plotwatch/platform';
import { DASHBOARD_LABEL, FOLDER_ANNOTATION } from './manifests.ts';

/** The Secret holding out/alertmanager/alertmanager.yaml, which the chart mounts instead of its own config. */
export const ALERTMANAGER_CONFIG_SECRET = 'plotwatch-alertmanager';

/** kube-prometheus-stack values for one environment: the chart configured to read what we generate. */
export function kubePrometheusStackValues(env: Environment): Record<string, unknown> {
  const m = env.monitoring;
  const ours = { matchLabels: { release: m.release } };
  return {
    prometheus: {
      prometheusSpec: {
        retention: env.retention,
        scrapeInterval: env.scrapeInterval,
        evaluationInterval: env.evaluationInterval,
        ruleSelectorNilUsesHelmValues: false,
        ruleSelector: ours,
        serviceMonitorSelectorNilUsesHelmValues: false,
        serviceMonitorSelector: ours,
        probeSelectorNilUsesHelmValues: false,
        probeSelector: ours,
        resources: { requests: m.prometheusRequests },
        ...(m.remoteWriteUrl
          ? { remoteWrite: [{ url: m.remoteWriteUrl, headers: { 'X-Scope-OrgID': 'platform' } }] }
          : {}),
        ...(m.federation
          ? {
              additionalScrapeConfigs: [
                {
                  job_name: 'federate',
                  honor_labels: true,
                  metrics_path: '/federate',
                  params: { 'match[]': m.federation.match },
                  static_configs: [{ targets: m.federation.targets }],
                },
              ],
            }
          : {}),
      },
    },
    alertmanager: { alertmanagerSpec: { useExistingSecret: true, configSecret: ALERTMANAGER_CONFIG_SECRET } },
    grafana: {
      sidecar: {
        dashboards: {
          enabled: true,
          label: DASHBOARD_LABEL,
          labelValue: '1',
          searchNamespace: m.namespace,
          folderAnnotation: FOLDER_ANNOTATION,
          provider: { foldersFromFilesStructure: true },
        },
      },
    },
  };
}
