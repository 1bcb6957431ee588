import { parseArgs } from 'node:util';
import { writeOpenMetricsHistory } from './backfill.ts';
import { startSim } from './server.ts';

const USAGE = `usage:
  narrative-sim serve --tenants a,b,c [--port 9400]
      /metrics for those tenants; POST|DELETE /incidents/<scenario>/<tenant> starts or ends an incident
      (scenarios: model-drift, generation-failures, latency-spike, consumer-lag)
  narrative-sim backfill --tenants a,b,c --days 3 [--step 120] --out history.om
      OpenMetrics history for \`promtool tsdb create-blocks-from openmetrics history.om <dir>\``;

const { values, positionals } = parseArgs({
  options: {
    tenants: { type: 'string' },
    port: { type: 'string', default: '9400' },
    days: { type: 'string', default: '3' },
    step: { type: 'string', default: '120' },
    out: { type: 'string' },
  },
  allowPositionals: true,
});
const tenants = (values.tenants ?? '').split(',').filter(Boolean);
const [command] = positionals;
if (!command || tenants.length === 0) {
  console.error(USAGE);
  process.exit(2);
}
if (command === 'serve') {
  const sim = await startSim(tenants, { port: Number(values.port) });
  console.log(`narrative-sim: ${tenants.length} tenants on ${sim.url}/metrics`);
} else if (command === 'backfill' && values.out) {
  const end = Math.floor(Date.now() / 1000 / 3600) * 3600;
  const start = end - Number(values.days) * 86400;
  const samples = await writeOpenMetricsHistory(values.out, { tenants, start, end, step: Number(values.step) });
  console.log(
    `narrative-sim: ${samples} samples from ${new Date(start * 1000).toISOString()} to ${new Date(end * 1000).toISOString()} -> ${values.out}`,
  );
} else {
  console.error(USAGE);
  process.exit(2);
}
