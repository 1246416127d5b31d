import { isSecretHeaderName, isSecretParamName, redactor as globalRedactor, type Redactor } from '../http/redactor';
import { envVarName, keychainAccount, sourceKey } from './secret-key';
import { toSectionName } from './section-name';

/** Auth fields that hold credentials (dlt's secret-typed fields of its auth classes). */
export const SECRET_AUTH_FIELDS = ['token', 'api_key', 'password', 'client_secret', 'access_token', 'refresh_token'];

/** A credential written into a config as a literal, where a `{secrets.<name>}` reference belongs. */
export interface LiteralCredential {
  /** JSON path in the config: `client.auth.token`, `resources[1].endpoint.headers.X-API-Key`. */
  path: string;
  /** The same path as keys, for rewriting: `['resources', 1, 'endpoint', 'headers', 'X-API-Key']`. */
  keys: (string | number)[];
  /** The reference name it would move to: `token`, `x_api_key`. */
  name: string;
  /** How the value sits in the field: whole, or after an auth scheme (`Bearer <value>`). */
  prefix: string;
  /** The literal. Never log it: it is here so callers can register or move it. */
  value: string;
  /** False for spots a reference cannot replace (a base URL): found and redacted, but not moved. */
  movable: boolean;
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const SCHEME = /^(Bearer|Basic|Token|Bot)\s+/i;

/** Finds every literal credential in a dlt `rest_api` config (auth fields, secret-named headers and params, URLs). */
export function findLiteralCredentials(config: unknown): LiteralCredential[] {
  const found: LiteralCredential[] = [];
  if (!isObject(config)) return found;
  const client = isObject(config.client) ? config.client : undefined;
  if (client) {
    scanAuth(client.auth, ['client', 'auth'], found);
    scanMap(client.headers, ['client', 'headers'], isSecretHeaderName, found);
    if (typeof client.base_url === 'string') scanUrl(client.base_url, ['client', 'base_url'], found);
  }
  const defaults = isObject(config.resource_defaults) ? config.resource_defaults : undefined;
  if (defaults && isObject(defaults.endpoint)) scanEndpoint(defaults.endpoint, ['resource_defaults', 'endpoint'], found);
  if (Array.isArray(config.resources)) {
    config.resources.forEach((resource, i) => {
      if (isObject(resource) && isObject(resource.endpoint)) scanEndpoint(resource.endpoint, ['resources', i, 'endpoint'], found);
    });
  }
  return assignNames(found);
}

/**
 * What the CLI does with a config that holds literal credentials: registers each with the redactor (so it is masked
 * everywhere) and returns one warning, without any value, saying how to move them. Undefined when there are none.
 */
export function protectLiteralCredentials(config: unknown, options: { section: string; file?: string; redactor?: Redactor }):
  { credentials: LiteralCredential[]; warning?: string } {
  const credentials = findLiteralCredentials(config);
  const redactor = options.redactor ?? globalRedactor;
  for (const c of credentials) redactor.registerSecret(c.value);
  if (credentials.length === 0) return { credentials };
  const section = toSectionName(options.section) || options.section;
  const first = credentials.find((c) => c.movable) ?? credentials[0]!;
  const key = sourceKey(section, first.name);
  const where = credentials.map((c) => `\`${c.path}\``).join(', ');
  const warning = `${options.file ? `\`${options.file}\`` : 'The config'} holds ${credentials.length === 1 ? 'a literal credential' : `${credentials.length} literal credentials`} ` +
    `(${where}). ${credentials.length === 1 ? 'It is' : 'They are'} redacted from all output, but keep credentials out of config files: ` +
    `replace each with a reference such as \`"{secrets.${first.name}}"\` and set the value with \`export ${envVarName(key)}=...\`, ` +
    `or \`${first.name} = "..."\` under \`[sources.${section}]\` in \`.sluice/secrets.toml\`, or \`sluice secrets set ${keychainAccount(key)}\`.`;
  return { credentials, warning };
}

type Keys = (string | number)[];

function credential(keys: Keys, name: string, prefix: string, value: string, movable: boolean): LiteralCredential {
  const path = keys.map((k, i) => typeof k === 'number' ? `[${k}]` : i === 0 ? k : `.${k}`).join('');
  return { path, keys, name, prefix, value, movable };
}

function scanEndpoint(endpoint: Json, keys: Keys, found: LiteralCredential[]): void {
  scanAuth(endpoint.auth, [...keys, 'auth'], found);
  scanMap(endpoint.headers, [...keys, 'headers'], isSecretHeaderName, found);
  scanMap(endpoint.params, [...keys, 'params'], isSecretParamName, found);
}

function scanAuth(auth: unknown, keys: Keys, found: LiteralCredential[]): void {
  if (!isObject(auth)) return;
  for (const field of SECRET_AUTH_FIELDS) {
    const value = auth[field];
    if (isLiteral(value)) found.push(credential([...keys, field], field, '', value, true));
  }
}

function scanMap(map: unknown, keys: Keys, isSecretName: (name: string) => boolean, found: LiteralCredential[]): void {
  if (!isObject(map)) return;
  for (const [name, value] of Object.entries(map)) {
    if (!isSecretName(name) || !isLiteral(value)) continue;
    const scheme = SCHEME.exec(value);
    const prefix = scheme ? scheme[0] : '';
    if (prefix && !isLiteral(value.slice(prefix.length))) continue;
    found.push(credential([...keys, name], toSectionName(name), prefix, value.slice(prefix.length), true));
  }
}

function scanUrl(url: string, keys: Keys, found: LiteralCredential[]): void {
  let parsed: URL;
  try { parsed = new URL(url); } catch { return; }
  if (parsed.password) found.push(credential(keys, 'password', '', decodeURIComponent(parsed.password), false));
  for (const [name, value] of parsed.searchParams) {
    if (isSecretParamName(name) && isLiteral(value)) found.push(credential(keys, toSectionName(name), '', value, false));
  }
}

/** A non-empty string holding no placeholder: `{secrets.x}`, `{resources.p.id}`, `{incremental.*}` are not literals. */
function isLiteral(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== '' && !/\{[A-Za-z_][^{}]*\}/.test(value.replace(/\{\{|\}\}/g, ''));
}

/** One name per distinct value: the same token used twice shares a name; different values get `_2`, `_3`. */
function assignNames(found: LiteralCredential[]): LiteralCredential[] {
  const byName = new Map<string, string>();
  const byValue = new Map<string, string>();
  for (const c of found) {
    const known = byValue.get(c.value);
    if (known) { c.name = known; continue; }
    let name = c.name || 'secret';
    for (let n = 2; byName.has(name) && byName.get(name) !== c.value; n++) name = `${c.name}_${n}`;
    byName.set(name, c.value);
    byValue.set(c.value, name);
    c.name = name;
  }
  return found;
}
