import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';

/** Picks among Prometheus datasources; defaults to the environment's (or the tenant's Mimir) datasource. */
export function datasourceVariable(defaultUid: string): dashboard.DatasourceVariableBuilder {
  return new dashboard.DatasourceVariableBuilder('datasource')
    .label('Data source')
    .type('prometheus')
    .current({ text: defaultUid, value: defaultUid });
}

/** The tenant of a tenant-scoped dashboard: a constant, hidden, so it can't be changed to another tenant. */
export function fixedTenantVariable(tenantId: string): dashboard.ConstantVariableBuilder {
  return new dashboard.ConstantVariableBuilder('tenant').value(tenantId);
}
