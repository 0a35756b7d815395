#!/usr/bin/env node
// In a checkout (sources present, tsx installed) run the TypeScript sources, so an edit is never
// shadowed by a stale build; in the container image (dist only) run the compiled CLI.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const source = new URL('../src/cli/run.ts', import.meta.url);
const compiled = new URL('../dist/src/cli/run.js', import.meta.url);
const tsxInstalled = existsSync(
  fileURLToPath(new URL('../node_modules/tsx/package.json', import.meta.url)),
);

if (existsSync(fileURLToPath(source)) && tsxInstalled) {
  const { register } = await import('tsx/esm/api');
  register();
  await import(source.href);
} else {
  await import(compiled.href);
}
