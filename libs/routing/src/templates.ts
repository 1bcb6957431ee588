/**
 * Slack's default text shows only the alert names; on-call needs the summary and where to look.
 * Alertmanager and Grafana both execute it (Grafana's template data has the same fields).
 */
export const SLACK_TEXT =
  '{{ range .Alerts }}{{ .Annotations.summary }} · <{{ .Annotations.runbook_url }}|runbook> · <{{ .Annotations.dashboard_url }}|dashboard>\n{{ end }}';
