/** Personas: each is a Grafana team with its own folder. */
export const PERSONAS = ['ops', 'ml', 'product'] as const;
export type PersonaId = (typeof PERSONAS)[number];

export interface Persona {
  readonly id: PersonaId;
  readonly title: string;
  /** Grafana team of the platform's own people with this persona. */
  readonly team: string;
  /** Dashboard auto-refresh; never faster than the scrape interval (checked by the dashboard kit). */
  readonly refresh: string;
}

export const personas: Readonly<Record<PersonaId, Persona>> = {
  ops: { id: 'ops', title: 'Operations', team: 'platform-ops', refresh: '30s' },
  ml: { id: 'ml', title: 'Machine learning', team: 'platform-ml', refresh: '1m' },
  product: { id: 'product', title: 'Product', team: 'platform-product', refresh: '5m' },
};
