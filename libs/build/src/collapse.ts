/** At most this many tenants are named after a collapsed finding; the count is always given. */
const NAMED = 5;

/**
 * The same problem of the same definition in several tenants, said once: messages that differ only
 * by the tenant they name (in their location, dashboard uid, expression and caret) become the first
 * tenant's message, without its tenant, followed by `(in all 5 tenants)` or `(in 3 tenants: a, b,
 * c)`. The count is of the messages collapsed, `all` when it is every tenant of the build. Order
 * is kept (a group stands where its first message was); messages naming no tenant are left alone.
 */
export function collapseTenants(messages: readonly string[], tenantIds: readonly string[]): string[] {
  const groups = new Map<string, { message: string; tenant: string; tenants: string[] }>();
  const order: Array<string | { key: string }> = [];
  for (const message of messages) {
    const [first = ''] = message.split('\n', 1);
    const tenant = /\(tenant ([^,()\s]+)[,)]/.exec(first)?.[1];
    if (tenant === undefined) {
      order.push(message);
      continue;
    }
    // A caret's column moves with the length of the tenant's id: it does not tell problems apart.
    const key = message
      .split('\n')
      .filter((line) => !/^\s*\^+\s*$/.test(line))
      .map((line) => withoutTenant(line, tenant))
      .join('\n');
    const group = groups.get(key);
    if (group) {
      if (!group.tenants.includes(tenant)) group.tenants.push(tenant);
      continue;
    }
    groups.set(key, { message, tenant, tenants: [tenant] });
    order.push({ key });
  }
  return order.map((entry) => {
    if (typeof entry === 'string') return entry;
    const { message, tenant, tenants } = groups.get(entry.key)!;
    if (tenants.length === 1) return message;
    const lines = message.split('\n');
    const first = lines[0]!.replace(`(tenant ${tenant}, `, '(').replace(` (tenant ${tenant})`, '');
    const named = tenants.slice(0, NAMED).join(', ') + (tenants.length > NAMED ? ', …' : '');
    const scope =
      tenants.length === tenantIds.length && tenantIds.every((t) => tenants.includes(t))
        ? `(in all ${tenants.length} tenants)`
        : `(in ${tenants.length} tenants: ${named})`;
    const check = / \[[\w/-]+\]$/.exec(first);
    lines[0] = check ? `${first.slice(0, check.index)} ${scope}${check[0]}` : `${first} ${scope}`;
    return lines.join('\n');
  });
}

/** A line with the places that name `tenant` (its location, uids, paths and strings) made the same for every tenant. */
function withoutTenant(line: string, tenant: string): string {
  return line
    .replaceAll(`(tenant ${tenant}`, '(tenant \u0000')
    .replaceAll(`"${tenant}"`, '"\u0000"')
    .replaceAll(`dashboard ${tenant}-`, 'dashboard \u0000-')
    .replaceAll(`/${tenant}/`, '/\u0000/');
}
