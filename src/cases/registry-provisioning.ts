import type { AccessProvisioning, CaseStore } from './ports.js';

/**
 * The default provisioning: the grant is recorded in the agency's registry, which staff act on
 * and the dashboard shows. An IAM connector implements the same port and records as well.
 */
export function registryProvisioning(store: CaseStore): AccessProvisioning {
  return { name: 'registry', provision: (grants) => store.recordGrants(grants) };
}
