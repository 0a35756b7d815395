import { readFileSync, statSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { AppError } from '../errors/index.js';
import { configSchema, type Config } from './schema.js';

/** Prefix of every environment override; `__` separates path segments (INTAKE_WEB__PORT). */
export const ENV_PREFIX = 'INTAKE_';
/** The variable naming the config file; it is not itself a config key. */
export const CONFIG_FILE_ENV = 'INTAKE_CONFIG';
/** Conventional variables honoured as aliases, as every hosting platform sets them. */
const ENV_ALIASES: Readonly<Record<string, string>> = {
  DATABASE_URL: 'database.url',
  REDIS_URL: 'redis.url',
};
/** Values of keys like these never appear in messages. */
const SECRET_KEY = /password|pin|secret|token/i;

type Source = { path: string; origin: string };

export interface LoadOptions {
  file?: string | undefined;
  env?: Readonly<Record<string, string | undefined>>;
}

/** Reads the file (if any), applies environment overrides, validates once, freezes. */
export function loadConfig(options: LoadOptions = {}): Readonly<Config> {
  const env = options.env ?? process.env;
  const file = options.file ?? env[CONFIG_FILE_ENV];
  const raw: Record<string, unknown> =
    file === undefined || file === '' ? {} : readConfigFile(file);
  if (file !== undefined && file !== '') refuseOpenSecrets(file, raw);
  const sources = applyEnvOverrides(raw, env);
  return validateConfig(raw, sources, file);
}

/** Paths of the keys in `value` that hold a secret (a password, PIN, token), values not kept. */
export function secretPaths(value: unknown, path = ''): string[] {
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value as Record<string, unknown>).flatMap(([key, v]) => {
    const here = path ? `${path}.${key}` : key;
    if (SECRET_KEY.test(key) && typeof v === 'string' && v !== '') return [here];
    return secretPaths(v, here);
  });
}

/**
 * A configuration file that holds secrets must be readable by its owner only: otherwise anyone
 * on the host reads the mailbox passwords and the seal's PIN. Start-up stops with the fix (or
 * the secrets can come from the environment instead).
 */
function refuseOpenSecrets(file: string, raw: Record<string, unknown>): void {
  const secrets = secretPaths(raw);
  if (secrets.length === 0) return;
  const mode = statSync(file).mode & 0o777;
  if ((mode & 0o077) === 0) return;
  throw new AppError(
    'CONFIG_INVALID',
    `config: ${file} holds secrets (${secrets.join(', ')}) but is readable by others (mode ${mode.toString(8)}): chmod 600 it, or pass the secrets in INTAKE_… environment variables`,
  );
}

export function readConfigFile(file: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (cause) {
    throw new AppError('CONFIG_UNREADABLE', `config: cannot read ${file}: ${messageOf(cause)}`, {
      cause,
    });
  }
  let parsed: unknown;
  try {
    parsed = parseYaml(text);
  } catch (cause) {
    throw new AppError(
      'CONFIG_UNREADABLE',
      `config: ${file} is not valid YAML/JSON: ${firstLine(messageOf(cause))}`,
      { cause },
    );
  }
  if (parsed === null || parsed === undefined) return {};
  if (typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new AppError(
      'CONFIG_INVALID',
      `config: ${file} must hold a mapping of keys at the top level`,
    );
  }
  return parsed as Record<string, unknown>;
}

/** Writes every INTAKE_* (and alias) variable into `target`; returns where each value came from. */
export function applyEnvOverrides(
  target: Record<string, unknown>,
  env: Readonly<Record<string, string | undefined>>,
): Source[] {
  const sources: Source[] = [];
  const entries = Object.entries(env)
    .filter(([name, value]) => value !== undefined && name !== CONFIG_FILE_ENV)
    .sort(([a], [b]) => a.localeCompare(b));
  for (const [name, value] of entries) {
    let path: string | undefined = ENV_ALIASES[name];
    if (path === undefined && name.startsWith(ENV_PREFIX)) {
      path = name.slice(ENV_PREFIX.length).split('__').map(snakeToCamel).join('.');
    }
    if (path === undefined || value === undefined) continue;
    setPath(target, path.split('.'), value);
    sources.push({ path, origin: `env ${name}` });
  }
  return sources;
}

export function validateConfig(
  raw: unknown,
  sources: readonly Source[] = [],
  file?: string,
): Readonly<Config> {
  const result = configSchema.safeParse(raw);
  if (!result.success) {
    throw new AppError('CONFIG_INVALID', describeIssue(result.error, raw, sources, file), {
      details: { issues: result.error.issues.length },
    });
  }
  return deepFreeze(result.data);
}

function describeIssue(
  error: z.ZodError,
  raw: unknown,
  sources: readonly Source[],
  file: string | undefined,
): string {
  const issue = error.issues[0];
  if (issue === undefined) return 'config: invalid';
  const segments = issue.path.map(String);
  if (issue.code === 'unrecognized_keys') {
    const key = [...segments, issue.keys[0] ?? '?'].join('.');
    return `config: ${key} is not a known key (see config.example.yaml)${more(error)}`;
  }
  const key = segments.join('.') || '(top level)';
  const value = getPath(raw, segments);
  const shown = SECRET_KEY.test(key) ? '"***"' : showValue(value);
  const origin =
    sources.find((s) => s.path === key)?.origin ?? (file === undefined ? 'defaults' : file);
  return `config: ${key} = ${shown} (from ${origin}): ${issue.message}${more(error)}`;
}

function more(error: z.ZodError): string {
  const rest = error.issues.length - 1;
  return rest > 0 ? ` (and ${rest} more)` : '';
}

function showValue(value: unknown): string {
  if (value === undefined) return '(missing)';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function snakeToCamel(segment: string): string {
  if (/^\d+$/.test(segment)) return segment;
  return segment.toLowerCase().replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

function setPath(target: Record<string, unknown>, path: string[], value: string): void {
  let node: Record<string, unknown> = target;
  path.forEach((segment, i) => {
    if (i === path.length - 1) {
      node[segment] = value;
      return;
    }
    const nextIsIndex = /^\d+$/.test(path[i + 1] ?? '');
    const existing = node[segment];
    if (typeof existing !== 'object' || existing === null) {
      node[segment] = nextIsIndex ? [] : {};
    }
    node = node[segment] as Record<string, unknown>;
  });
}

function getPath(root: unknown, path: readonly string[]): unknown {
  let node = root;
  for (const segment of path) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string, unknown>)[segment];
  }
  return node;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function firstLine(text: string): string {
  return text.split('\n', 1)[0] ?? text;
}
