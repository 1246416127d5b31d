import jsonata from 'jsonata';
import { ConfigError, type ConfigIssue } from '../errors/config-error';
import { isSecretHeaderName } from '../http/redactor';
import { parseJsonPath } from '../http/json-path';
import { checkResponseActions } from '../http/response-actions';
import { JsonPathError } from '../errors/json-path-error';
import { PAGINATOR_OPTIONS, type PaginatorConfig } from '../paginators/types';
import type { OptionSpec } from '../http/option-spec';
import type { TableHints, WriteDisposition } from '../schema/types';
import { closestMatch } from './closest-match';
import { joinPath } from './config-path';
import {
  classifyPlaceholder, collectStrings, parseTemplate, TemplateSyntaxError, type Placeholder, type TemplatePart,
} from './placeholders';
import {
  DEFAULT_PARALLELISM, type ResolvedAuthConfig, type ResolvedEndpointConfig, type ResolvedIncrementalConfig,
  type ResolvedResourceConfig, type ResolvedSourceConfig,
} from './resolved-config';
import type { ProcessingStepInput, SourceConfig } from './schema';
import { validateSchema } from './validate-schema';

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const err = (path: string, message: string): ConfigIssue => ({ path, message, severity: 'error' });
const warn = (path: string, message: string): ConfigIssue => ({ path, message, severity: 'warning' });

/** Auth keys that hold credentials: literal values are redacted and warned about. */
const SECRET_AUTH_KEYS = ['token', 'api_key', 'password', 'client_secret', 'access_token'];

/** Configs that are one choice, not a bag of settings: a resource's `paginator` replaces the default one whole. */
const ATOMIC_KEYS = new Set(['paginator', 'auth', 'incremental', 'write_disposition', 'schema_contract']);

/** dlt's deep merge: objects merge key by key, anything else is replaced by the more specific value. */
function mergeDeep(base: unknown, over: unknown): unknown {
  if (!isObj(base) || !isObj(over)) return over === undefined ? base : over;
  const out: Obj = { ...base };
  for (const [k, v] of Object.entries(over)) out[k] = ATOMIC_KEYS.has(k) ? v : mergeDeep(base[k], v);
  return out;
}

function expandAuth(auth: unknown): ResolvedAuthConfig | undefined {
  if (auth === undefined) return undefined;
  if (typeof auth === 'string') {
    switch (auth) {
      case 'bearer': return { type: 'bearer', token: '{secrets.token}' };
      case 'api_key': return { type: 'api_key', api_key: '{secrets.api_key}' };
      default: return { type: 'http_basic', username: '{secrets.username}', password: '{secrets.password}' };
    }
  }
  const obj = auth as Obj;
  return { ...obj, type: typeof obj.type === 'string' ? obj.type : 'bearer' };
}

function expandPaginator(paginator: unknown): PaginatorConfig | undefined {
  if (paginator === undefined) return undefined;
  return typeof paginator === 'string' ? { type: paginator } as PaginatorConfig : paginator as PaginatorConfig;
}

function toList(value: unknown): string[] | undefined {
  if (value === undefined) return undefined;
  return typeof value === 'string' ? [value] : value as string[];
}

/**
 * Validates and resolves a source config: shorthands, `resource_defaults`, precedence, placeholders, dependent
 * resources. Throws a ConfigError carrying every problem found.
 */
export interface ResolveOptions {
  /** Resources defined in code (`defineResource`) that config resources may name as their parent. */
  externalResources?: readonly string[];
}

export function resolveSourceConfig(config: unknown, options: ResolveOptions = {}): ResolvedSourceConfig {
  const { resolved, issues } = resolveCollecting(config, options);
  const errors = issues.filter((i) => i.severity !== 'warning');
  if (errors.length > 0 || !resolved) throw new ConfigError(errors);
  return resolved;
}

/** Resolution that collects every issue instead of stopping at the first (validation runs this). */
export function resolveCollecting(config: unknown, options: ResolveOptions = {}): { resolved?: ResolvedSourceConfig; issues: ConfigIssue[] } {
  const shapeIssues = validateSchema(config);
  if (shapeIssues.length === 0) return resolveShaped(config as SourceConfig, options);
  // Shape errors first, then whatever the meaning checks still find in the parts that are well-shaped, so a
  // person sees every problem at once. A check tripping over a malformed part is skipped, never reported twice.
  if (!isObj(config) || !isObj(config.client) || !Array.isArray(config.resources)) return { issues: shapeIssues };
  let semantic: ConfigIssue[];
  try { semantic = resolveShaped(config as unknown as SourceConfig, options, true).issues; } catch { semantic = []; }
  const overlaps = (a: string, b: string) => a === b || a.startsWith(`${b}.`) || a.startsWith(`${b}[`) || b.startsWith(`${a}.`) || b.startsWith(`${a}[`);
  const extra = semantic.filter((i) => i.severity !== 'warning' && !shapeIssues.some((e) => overlaps(i.path, e.path)));
  return { issues: [...shapeIssues, ...extra] };
}

function resolveShaped(source: SourceConfig, options: ResolveOptions, lenient = false): { resolved?: ResolvedSourceConfig; issues: ConfigIssue[] } {
  const issues: ConfigIssue[] = [];
  const warnings: ConfigIssue[] = [];
  const secretNames = new Set<string>();
  const literalSecrets: string[] = [];

  const client = source.client;
  const clientAuth = expandAuth(client.auth);
  checkAuthSecrets(clientAuth, 'client.auth', warnings, literalSecrets);
  checkHeaderSecrets(client.headers, 'client.headers', warnings, literalSecrets);
  for (const { path, text } of collectStrings({ base_url: client.base_url, headers: client.headers, auth: clientAuth }, 'client', [], joinPath)) {
    checkTemplate(text, path, new Set(), issues, (p) => {
      if (p.kind === 'secret') { secretNames.add(p.name); return undefined; }
      return `placeholder \`{${describe(p)}}\` is not allowed in \`client\`; only \`{secrets.<name>}\` is`;
    });
  }
  const clientPaginator = expandPaginator(client.paginator);
  checkBaseUrl(client.base_url, issues);

  const defaults = (source.resource_defaults ?? {}) as Obj;
  if (isObj(defaults.endpoint)) {
    const d = defaults.endpoint as Obj;
    checkHeaderSecrets(d.headers as Record<string, string> | undefined, 'resource_defaults.endpoint.headers', warnings, literalSecrets);
    if (d.auth !== undefined) checkAuthSecrets(expandAuth(d.auth), 'resource_defaults.endpoint.auth', warnings, literalSecrets);
  }
  const names = source.resources.map((r) => String(typeof r === 'string' ? r : isObj(r) ? r.name : ''));
  const seen = new Map<string, number>();
  names.forEach((name, i) => {
    const path = typeof source.resources[i] === 'string' ? `resources[${i}]` : `resources[${i}].name`;
    if (seen.has(name)) issues.push(err(path, `duplicate resource name \`${name}\` (also \`resources[${seen.get(name)}]\`)`));
    else if (options.externalResources?.includes(name)) issues.push(err(path, `duplicate resource name \`${name}\` (also a resource defined in code)`));
    else seen.set(name, i);
    if (name.trim() === '') issues.push(err(path, 'a resource name must not be empty'));
  });

  const parentPaths = new Map<string, string>();
  const resources: ResolvedResourceConfig[] = source.resources.flatMap((raw, index): ResolvedResourceConfig[] => {
    try {
      if (lenient && !isObj(raw) && typeof raw !== 'string') return [];
      const base = `resources[${index}]`;
      const own: Obj = typeof raw === 'string' ? { name: raw, endpoint: raw } : { ...raw };
      if (typeof own.endpoint === 'string') own.endpoint = { path: own.endpoint };
      const merged = mergeDeep(defaults, own) as Obj;
      const endpointIn = (merged.endpoint ?? {}) as Obj;
      const name = merged.name as string;
      const endpointPath = `${base}.endpoint`;

      // Params: pull out dlt's `resolve` and `incremental` param objects.
      const params: Obj = {};
      const resolveParams: Record<string, string> = {};
      let parent: string | undefined;
      let parentAt: string | undefined;
      let incremental: ResolvedIncrementalConfig | undefined;
      const ownIncremental = isObj(own.endpoint) ? (own.endpoint as Obj).incremental : undefined;
      for (const [key, value] of Object.entries((endpointIn.params ?? {}) as Obj)) {
        if (isObj(value) && value.type === 'resolve') {
          resolveParams[key] = value.field as string;
          parentAt ??= `${joinPath(`${endpointPath}.params`, key)}.resource`;
          parent = noteParent(parent, value.resource as string, joinPath(`${endpointPath}.params`, key), issues);
        } else if (isObj(value) && value.type === 'incremental') {
          if (endpointIn.incremental !== undefined || incremental) {
            issues.push(err(joinPath(`${endpointPath}.params`, key),
              `incremental is configured twice (here and in \`${ownIncremental ? `${endpointPath}.incremental` : 'another param'}\`); keep one`));
          }
          const { type: _type, ...rest } = value;
          incremental = resolveIncremental({ ...rest, start_param: key }, merged, joinPath(`${endpointPath}.params`, key), issues);
        } else params[key] = value;
      }
      if (isObj(endpointIn.incremental)) {
        incremental = resolveIncremental(endpointIn.incremental, merged, `${endpointPath}.incremental`, issues);
      }

      const path = typeof endpointIn.path === 'string' ? endpointIn.path : name;
      const pathTemplate = safeParse(path);
      const legacy = new Set(Object.keys(resolveParams));
      const placeholders: Placeholder[] = [];
      const auth = expandAuth(endpointIn.auth) ?? clientAuth;
      if (isObj(own.endpoint) && (own.endpoint as Obj).auth !== undefined) checkAuthSecrets(auth, `${endpointPath}.auth`, warnings, literalSecrets);
      if (isObj(own.endpoint)) checkHeaderSecrets((own.endpoint as Obj).headers as Record<string, string> | undefined, `${endpointPath}.headers`, warnings, literalSecrets);

      const templated: Obj = { path, params, json: endpointIn.json, data: endpointIn.data, headers: endpointIn.headers };
      if (endpointIn.auth !== undefined) templated.auth = auth;
      for (const { path: at, text } of collectStrings(templated, endpointPath, [], joinPath)) {
        const inPath = at === `${endpointPath}.path`;
        checkTemplate(text, at, inPath ? legacy : new Set(), issues, (p) => {
          placeholders.push(p);
          if (p.kind === 'secret') { secretNames.add(p.name); return undefined; }
          if (at.startsWith(`${endpointPath}.auth`)) return `placeholder \`{${describe(p)}}\` is not allowed in \`auth\`; only \`{secrets.<name>}\` is`;
          if (p.kind === 'resource') {
            parentAt ??= at;
            parent = noteParent(parent, p.resource, at, issues);
            return undefined;
          }
          if (p.kind === 'incremental' && !incremental) {
            return `placeholder \`{incremental.${p.key}}\` needs an \`incremental\` config on this endpoint`;
          }
          if (p.kind === 'incremental' && p.key === 'end_value' && incremental && incremental.end_value === undefined) {
            return 'placeholder `{incremental.end_value}` needs `incremental.end_value`';
          }
          return undefined;
        });
      }

      // Single entity: the last path segment is a placeholder (`issues/{resources.issues.number}`).
      const lastSegment = path.replace(/\/+$/, '').split('/').at(-1) ?? '';
      const singleEntity = /^\{[^{}]+\}$/.test(lastSegment) && !lastSegment.startsWith('{{');
      // The resource's own endpoint paginator wins; one from `resource_defaults` or `client` yields to a single entity.
      const resourcePaginator = isObj(own.endpoint) ? expandPaginator((own.endpoint as Obj).paginator) : undefined;
      const defaultsPaginator = expandPaginator(isObj(defaults.endpoint) ? (defaults.endpoint as Obj).paginator : undefined);
      const ownPaginator = expandPaginator(endpointIn.paginator);
      let paginator = singleEntity && !resourcePaginator ? undefined : ownPaginator;
      if (!paginator && singleEntity) {
        paginator = { type: 'single_page' };
        const [overridden, where] = defaultsPaginator ? [defaultsPaginator, 'resource_defaults.endpoint.paginator'] : [clientPaginator, 'client.paginator'];
        if (overridden && overridden.type !== 'single_page') {
          warnings.push(warn(`${endpointPath}.path`,
            `\`${where}\` (\`${overridden.type}\`) does not apply to resource \`${name}\`: its path \`${path}\` ends in a placeholder, so it is read as a single entity with \`single_page\`; set \`endpoint.paginator\` to page it anyway`));
        }
      }
      paginator ??= clientPaginator;
      checkPaginator(paginator, resourcePaginator ? `${endpointPath}.paginator` : defaultsPaginator ? 'resource_defaults.endpoint.paginator' : 'client.paginator', issues);

      checkJsonPath(endpointIn.data_selector, `${endpointPath}.data_selector`, issues);
      const dataSelector = typeof endpointIn.data_selector === 'string' ? endpointIn.data_selector : singleEntity ? '$' : undefined;
      const writeDisposition = resolveWriteDisposition(merged.write_disposition);
      const primaryKey = toList(merged.primary_key);
      if (writeDisposition === 'merge' && !primaryKey && merged.merge_key === undefined) {
        warnings.push(warn(`${base}.write_disposition`,
          `resource \`${name}\` uses \`merge\` without \`primary_key\` or \`merge_key\`: rows are appended, never replaced`));
      }
      const hints: TableHints = {
        resource: name,
        table_name: typeof merged.table_name === 'string' ? merged.table_name : name,
        write_disposition: writeDisposition,
      };
      if (primaryKey) hints.primary_key = primaryKey;
      const mergeKey = toList(merged.merge_key);
      if (mergeKey) hints.merge_key = mergeKey;
      if (merged.columns) hints.columns = merged.columns as TableHints['columns'];
      if (typeof merged.max_table_nesting === 'number') hints.max_table_nesting = merged.max_table_nesting;
      if (merged.schema_contract !== undefined) hints.schema_contract = merged.schema_contract as TableHints['schema_contract'];

      if (endpointIn.response_actions !== undefined) {
        try { checkResponseActions(endpointIn.response_actions, `${endpointPath}.response_actions`); } catch (error) {
          if (error instanceof ConfigError) issues.push(...error.issues.map((i) => err(i.path, i.message)));
          else throw error;
        }
      }
      const steps = (merged.processing_steps ?? []) as ProcessingStepInput[];
      steps.forEach((step, i) => checkStep(step, `${base}.processing_steps[${i}]`, issues));

      const includeFromParent = (merged.include_from_parent ?? []) as string[];
      if (includeFromParent.length > 0 && !parent) {
        issues.push(err(`${base}.include_from_parent`, `resource \`${name}\` has no parent resource, so \`include_from_parent\` has nothing to include`));
      }
      const parallel = merged.parallelized;
      const endpoint: ResolvedEndpointConfig = {
        path,
        method: typeof endpointIn.method === 'string' ? endpointIn.method : 'GET',
        params,
        headers: (endpointIn.headers ?? {}) as Record<string, string>,
      };
      if (endpointIn.json !== undefined) endpoint.json = endpointIn.json;
      if (endpointIn.data !== undefined) endpoint.data = endpointIn.data;
      if (paginator) endpoint.paginator = paginator;
      if (dataSelector) endpoint.data_selector = dataSelector;
      if (endpointIn.response_actions) endpoint.response_actions = endpointIn.response_actions as ResolvedEndpointConfig['response_actions'];
      if (incremental) endpoint.incremental = incremental;
      if (auth) endpoint.auth = auth;
      const resource: ResolvedResourceConfig = {
        name, index, endpoint, hints,
        selected: merged.selected !== false,
        concurrency: parallel === true ? DEFAULT_PARALLELISM : typeof parallel === 'number' ? parallel : 1,
        include_from_parent: includeFromParent,
        processing_steps: steps,
        resolve_params: resolveParams,
        single_entity: singleEntity,
        path_template: pathTemplate,
        placeholders,
      };
      if (parent) { resource.parent = parent; parentPaths.set(name, parentAt ?? endpointPath); }
      return [resource];
    } catch (error) {
      if (lenient) return [];
      throw error;
    }
  });

  checkParents(resources, [...names, ...(options.externalResources ?? [])], parentPaths, issues);
  // A shared setting (the client's paginator) is checked for every resource that uses it: say each problem once.
  const all = [...issues, ...warnings].filter((issue, i, list) => list.findIndex((o) => o.path === issue.path && o.message === issue.message) === i);
  if (issues.some((i) => i.severity !== 'warning')) return { issues: all };
  return {
    resolved: {
      client: {
        base_url: client.base_url,
        headers: client.headers ?? {},
        ...(clientAuth ? { auth: clientAuth } : {}),
        ...(clientPaginator ? { paginator: clientPaginator } : {}),
        ...(client.retry ? { retry: client.retry } : {}),
        ...(client.timeout !== undefined ? { timeout: client.timeout } : {}),
      },
      resources,
      secret_names: [...secretNames],
      literal_secrets: literalSecrets,
      warnings,
    },
    issues: all,
  };
}

function describe(p: Placeholder): string {
  switch (p.kind) {
    case 'resource': return `resources.${p.resource}.${p.field}`;
    case 'incremental': return `incremental.${p.key}`;
    case 'secret': return `secrets.${p.name}`;
    default: return p.name;
  }
}

/** The path's template; a syntax error is reported once, by `checkTemplate`. */
function safeParse(text: string): TemplatePart[] {
  try { return parseTemplate(text); } catch (error) {
    if (error instanceof TemplateSyntaxError) return [];
    throw error;
  }
}

/** Parses one string and checks each placeholder; `check` returns an error message or undefined. */
function checkTemplate(text: string, path: string, legacy: ReadonlySet<string>, issues: ConfigIssue[],
  check: (p: Placeholder) => string | undefined): void {
  let parts: TemplatePart[];
  try { parts = parseTemplate(text); } catch (error) {
    if (error instanceof TemplateSyntaxError) { issues.push(err(path, `invalid template ${JSON.stringify(text)}: ${error.message}`)); return; }
    throw error;
  }
  for (const part of parts) {
    if (part.kind !== 'placeholder') continue;
    const placeholder = classifyPlaceholder(part.expr, legacy);
    if (typeof placeholder === 'string') { issues.push(err(path, placeholder)); continue; }
    const problem = check(placeholder);
    if (problem) issues.push(err(path, problem));
  }
}

function noteParent(current: string | undefined, next: string, path: string, issues: ConfigIssue[]): string {
  if (current && current !== next) {
    issues.push(err(path, `a resource can depend on one parent only; it uses \`${current}\` and \`${next}\``));
    return current;
  }
  return next;
}

function checkParents(resources: ResolvedResourceConfig[], names: string[], at: Map<string, string>, issues: ConfigIssue[]): void {
  const byName = new Map(resources.map((r) => [r.name, r]));
  for (const r of resources) {
    if (!r.parent) continue;
    if (!byName.has(r.parent) && !names.includes(r.parent)) {
      const suggestion = closestMatch(r.parent, names);
      issues.push(err(at.get(r.name) ?? `resources[${r.index}].endpoint`,
        `resource \`${r.name}\` depends on \`${r.parent}\`, which is not a resource in this config` +
        (suggestion ? `; did you mean \`${suggestion}\`?` : `; resources are: ${names.map((n) => `\`${n}\``).join(', ')}`)));
    }
  }
  const reported = new Set<string>();
  for (const start of resources) {
    const chain: string[] = [];
    let current: ResolvedResourceConfig | undefined = start;
    while (current && current.parent && !chain.includes(current.name)) {
      chain.push(current.name);
      current = byName.get(current.parent);
    }
    if (current && chain.includes(current.name) && current.name === start.name) {
      const cycle = [...chain, start.name];
      const key = [...chain].sort().join(',');
      if (reported.has(key)) continue;
      reported.add(key);
      issues.push(err(`resources[${start.index}].endpoint`, `dependency cycle between resources: ${cycle.map((n) => `\`${n}\``).join(' → ')}`));
    }
  }
}

function resolveIncremental(raw: Obj, resource: Obj, path: string, issues: ConfigIssue[]): ResolvedIncrementalConfig {
  if (raw.end_value !== undefined && raw.initial_value === undefined) {
    issues.push(err(`${path}.end_value`, '`end_value` needs `initial_value` too'));
  }
  const primaryKey = toList(raw.primary_key) ?? toList(resource.primary_key);
  const inc: ResolvedIncrementalConfig = {
    cursor_path: raw.cursor_path as string,
    last_value_func: (raw.last_value_func as 'max' | 'min' | undefined) ?? 'max',
    on_cursor_value_missing: (raw.on_cursor_value_missing as ResolvedIncrementalConfig['on_cursor_value_missing'] | undefined) ?? 'raise',
    lag: (raw.lag as number | undefined) ?? 0,
    range_start: (raw.range_start as 'closed' | 'open' | undefined) ?? 'closed',
    range_end: (raw.range_end as 'closed' | 'open' | undefined) ?? 'open',
  };
  if (raw.initial_value !== undefined) inc.initial_value = raw.initial_value;
  if (raw.end_value !== undefined) inc.end_value = raw.end_value;
  if (raw.row_order !== undefined) inc.row_order = raw.row_order as 'asc' | 'desc';
  if (primaryKey) inc.primary_key = primaryKey;
  if (typeof raw.start_param === 'string') inc.start_param = raw.start_param;
  if (typeof raw.end_param === 'string') inc.end_param = raw.end_param;
  return inc;
}

function resolveWriteDisposition(value: unknown): WriteDisposition {
  if (typeof value === 'string') return value as WriteDisposition;
  if (isObj(value)) return value.disposition as WriteDisposition;
  return 'append';
}

function checkAuthSecrets(auth: ResolvedAuthConfig | undefined, path: string, warnings: ConfigIssue[], literals: string[]): void {
  if (!auth) return;
  for (const key of SECRET_AUTH_KEYS) {
    const value = auth[key];
    if (typeof value !== 'string' || value === '' || value.includes('{secrets.')) continue;
    literals.push(value);
    warnings.push(warn(joinPath(path, key),
      `\`${key}\` holds a literal credential; it is redacted from output, but keep it out of the config file: use \`{secrets.${key}}\` and set it in the environment or secrets.toml`));
  }
}

/** A credential written into a header (`"Authorization": "Bearer abc"`): redact it and say where it belongs. */
function checkHeaderSecrets(headers: Record<string, string> | undefined, path: string, warnings: ConfigIssue[], literals: string[]): void {
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (!isSecretHeaderName(name) || typeof value !== 'string' || value === '' || value.includes('{secrets.')) continue;
    literals.push(value);
    const token = value.split(' ').at(-1);
    if (token && token !== value) literals.push(token);
    warnings.push(warn(joinPath(path, name),
      `header \`${name}\` holds a literal credential; it is redacted from output, but keep it out of the config file: use \`{secrets.<name>}\` in the header, or \`auth\``));
  }
}

/** `client.base_url` is an absolute http(s) URL (one with a `{secrets.…}` placeholder is checked once resolved). */
function checkBaseUrl(baseUrl: unknown, issues: ConfigIssue[]): void {
  if (typeof baseUrl !== 'string' || baseUrl.includes('{')) return;
  let url: URL | undefined;
  try { url = new URL(baseUrl); } catch { url = undefined; }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    issues.push(err('client.base_url', `expected an absolute http(s) URL such as \`https://api.example.com/v1/\`, got ${JSON.stringify(baseUrl)}`));
  }
}

/** A JSONPath the config gives (a data selector, a paginator path) parses, or the issue says where it breaks. */
function checkJsonPath(value: unknown, path: string, issues: ConfigIssue[]): void {
  if (typeof value !== 'string') return;
  try { parseJsonPath(value); } catch (error) {
    if (error instanceof JsonPathError) issues.push(err(path, error.message));
    else throw error;
  }
}

/** A paginator's JSONPath options parse, a cursor goes back one way only, and a range paginator has a way to stop. */
function checkPaginator(paginator: PaginatorConfig | undefined, path: string, issues: ConfigIssue[]): void {
  if (!paginator) return;
  const p = paginator as Obj;
  // The options the paginator's spec declares as JSONPath (a custom type has no spec here).
  const specs = (PAGINATOR_OPTIONS as Record<string, readonly OptionSpec[] | undefined>)[paginator.type] ?? [];
  for (const spec of specs) if (spec.kind === 'jsonpath') checkJsonPath(p[spec.name], `${path}.${spec.name}`, issues);
  if (paginator.type === 'cursor' && p.cursor_param !== undefined && p.cursor_body_path !== undefined) {
    issues.push(err(path, '`cursor` paginator has both `cursor_param` and `cursor_body_path`: set one, the cursor goes back either as a query param or in the JSON body'));
  }
  if (paginator.type !== 'offset' && paginator.type !== 'page_number') return;
  const total = p.total_path === undefined ? 'total' : p.total_path;
  const max = paginator.type === 'offset' ? p.maximum_offset : p.maximum_page;
  if (total === null && p.stop_after_empty_page === false && max === undefined && p.has_more_path === undefined) {
    issues.push(err(path,
      `\`${paginator.type}\` paginator has no way to stop: set \`total_path\`, \`${paginator.type === 'offset' ? 'maximum_offset' : 'maximum_page'}\`, \`has_more_path\` or \`stop_after_empty_page: true\``));
  }
}

function checkStep(step: ProcessingStepInput, path: string, issues: ConfigIssue[]): void {
  const keys = (['filter', 'map'] as const).filter((k) => step[k] !== undefined);
  if (keys.length !== 1) {
    issues.push(err(path, `a processing step needs exactly one of \`filter\` or \`map\`, got ${keys.length === 0 ? 'neither' : 'both'}`));
    return;
  }
  const key = keys[0]!;
  const expr = step[key];
  if (typeof expr !== 'string') return;
  try { jsonata(expr); } catch (error) {
    const e = error as { message?: string; position?: number };
    issues.push(err(`${path}.${key}`, `invalid JSONata expression ${JSON.stringify(expr)}: ${e.message ?? String(error)}${e.position !== undefined ? ` (at character ${e.position})` : ''}`));
  }
}
