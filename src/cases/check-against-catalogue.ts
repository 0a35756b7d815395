import type { CatalogueEntry } from './ports.js';

/**
 * P2 step 2: the request against the test-environment IS catalogue. The service must be there,
 * under the name and version the request gives, and belong to the requesting institution.
 */
export function checkAgainstCatalogue(
  request: {
    testCatalogueId: string;
    webServiceName: string;
    webServiceVersion: string;
    institutionRegNo: string;
  },
  entry: CatalogueEntry | undefined,
): string[] {
  if (!entry) return [`${request.testCatalogueId} is not in the test-environment IS catalogue`];
  const problems: string[] = [];
  if (normalise(entry.name) !== normalise(request.webServiceName))
    problems.push(
      `the name "${request.webServiceName}" differs from the catalogue's "${entry.name}"`,
    );
  if (entry.version.trim() !== request.webServiceVersion.trim())
    problems.push(
      `version ${request.webServiceVersion} differs from the catalogue's version ${entry.version}`,
    );
  if (entry.institutionRegNo && entry.institutionRegNo !== request.institutionRegNo)
    problems.push(`${request.testCatalogueId} is registered to another institution`);
  return problems;
}

function normalise(name: string): string {
  return name.normalize('NFC').trim().replace(/\s+/g, ' ').toLocaleLowerCase('lv');
}
