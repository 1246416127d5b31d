/** One resource of a source config as the sidebar lists it. */
export interface ResourceOutline {
  name: string;
  /** Endpoint path as written (may hold `{resources.parent.field}` placeholders). */
  path: string;
  /** base_url + path + scalar params, ready to preview; absent without a usable base_url. */
  url?: string;
}

export interface SourceOutline {
  baseUrl?: string;
  resources: ResourceOutline[];
  /** Why the text could not be read (it is not JSON, or not an object). */
  problem?: string;
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Reads just enough of a `rest_api` config for the sidebar: resource names, paths and preview URLs. Full
 * validation is the engine's job; this never throws.
 */
export function outlineSource(text: string): SourceOutline {
  let config: unknown;
  try {
    config = JSON.parse(text);
  } catch (error) {
    return { resources: [], problem: `The config is not valid JSON: ${(error as Error).message}` };
  }
  if (!isObject(config)) return { resources: [], problem: 'The config must be a JSON object with `client` and `resources`' };
  const client = isObject(config.client) ? config.client : {};
  const baseUrl = typeof client.base_url === 'string' ? client.base_url : undefined;
  const defaults = isObject(config.resource_defaults) && isObject(config.resource_defaults.endpoint)
    ? scalarParams(config.resource_defaults.endpoint.params) : {};
  const list = Array.isArray(config.resources) ? config.resources : [];
  const resources: ResourceOutline[] = [];
  for (const item of list) {
    const resource = describeResource(item);
    if (!resource) continue;
    const url = baseUrl ? previewUrl(baseUrl, resource.path, { ...defaults, ...resource.params }) : undefined;
    resources.push(url ? { name: resource.name, path: resource.path, url } : { name: resource.name, path: resource.path });
  }
  return baseUrl ? { baseUrl, resources } : { resources };
}

function describeResource(item: unknown): { name: string; path: string; params: Record<string, string> } | undefined {
  if (typeof item === 'string') return item ? { name: item, path: item, params: {} } : undefined;
  if (!isObject(item) || typeof item.name !== 'string' || !item.name) return undefined;
  const endpoint = item.endpoint;
  if (typeof endpoint === 'string') return { name: item.name, path: endpoint, params: {} };
  if (isObject(endpoint)) {
    const path = typeof endpoint.path === 'string' ? endpoint.path : item.name;
    return { name: item.name, path, params: scalarParams(endpoint.params) };
  }
  return { name: item.name, path: item.name, params: {} };
}

/** Only literal params: incremental and resolve params are objects the engine fills in at run time. */
function scalarParams(params: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!isObject(params)) return out;
  for (const [key, value] of Object.entries(params)) {
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') out[key] = String(value);
  }
  return out;
}

function previewUrl(baseUrl: string, path: string, params: Record<string, string>): string | undefined {
  try {
    const base = new URL(baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`);
    const url = /^https?:\/\//i.test(path) ? new URL(path) : new URL(path.replace(/^\//, ''), base);
    for (const [key, value] of Object.entries(params)) if (!url.searchParams.has(key)) url.searchParams.set(key, value);
    return url.toString();
  } catch {
    return undefined;
  }
}
