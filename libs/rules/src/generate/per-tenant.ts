import type { Tenant } from '@plotwatch/platform';

/**
 * An alert's tests of several tenants: each tenant's cases, made once per tenant object. A
 * long-lived build process (`plotwatch dev`) loads an unchanged tenant file as the same object, so
 * after one tenant changed only its cases are made again, and the others keep the forms already
 * rendered from them (`promtoolTestFile` keeps each case's line).
 */
export function perTenant<T>(casesOf: (tenant: Tenant) => readonly T[]): (tenants: readonly Tenant[]) => T[] {
  const made = new WeakMap<Tenant, readonly T[]>();
  return (tenants) =>
    tenants.flatMap((tenant) => {
      let cases = made.get(tenant);
      if (!cases) made.set(tenant, (cases = casesOf(tenant)));
      return cases;
    });
}
