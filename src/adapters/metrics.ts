import { Registry, collectDefaultMetrics } from 'prom-client';

/** One registry per process (not prom-client's global), so tests and roles do not share state. */
export function createMetricsRegistry(role: string): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ service: 'signed-intake', role });
  collectDefaultMetrics({ register: registry, prefix: 'intake_' });
  return registry;
}
