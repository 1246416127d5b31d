import { closestMatch } from '../config/closest-match';
import { resolveSourceConfig } from '../config/resolve-source-config';
import type { ResolvedSourceConfig } from '../config/resolved-config';
import { ConfigError } from '../errors/config-error';
import type { SecretResolver } from '../secrets-port';
import { EndpointResource } from './endpoint-resource';
import { EnvSecretResolver } from './env-secret-resolver';
import { SourceRuntime, type SourceRuntimeOptions } from './source-runtime';
import type { Source, SourceResource } from './types';

export interface RestApiSourceOptions {
  /** Section name: secrets are looked up under it (`SOURCES__<NAME>__TOKEN`). Default `rest_api`. */
  name?: string;
  /** Resolves `{secrets.<name>}`. Default: environment variables only, from `env`. */
  secrets?: SecretResolver;
  /** The environment for the default resolver. Default: none (every secret is missing). */
  env?: Record<string, string | undefined>;
  /** Resources to extract (dlt's `with_resources`); their parents come along unselected. Default: all. */
  resources?: string[];
  redactor?: SourceRuntimeOptions['redactor'];
  logger?: SourceRuntimeOptions['logger'];
  client?: SourceRuntimeOptions['client'];
  /**
   * Resources written in code (`defineResource`), added to the source. A config resource may name one as its parent
   * (`{resources.repositories.name}`), like dlt's non-endpoint resources in a `rest_api` config.
   */
  extraResources?: SourceResource[];
}

/**
 * dlt's `rest_api_source`: validates and resolves the config (throwing a ConfigError with every problem) and
 * returns a Source whose resources are async iterables of record batches. Nothing is requested until `extract`.
 */
export function restApiSource(config: unknown, options: RestApiSourceOptions = {}): Source {
  const extra = options.extraResources ?? [];
  const resolved: ResolvedSourceConfig = resolveSourceConfig(config, { externalResources: extra.map((r) => r.name) });
  const name = options.name ?? 'rest_api';
  const runtime = new SourceRuntime(resolved, {
    section: name,
    secrets: options.secrets ?? new EnvSecretResolver(options.env ?? {}, options.redactor),
    ...(options.redactor ? { redactor: options.redactor } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
    ...(options.client ? { client: options.client } : {}),
  });
  const all = new Map<string, SourceResource>();
  for (const r of extra) all.set(r.name, r);
  for (const r of resolved.resources) all.set(r.name, new EndpointResource(r, runtime, (n) => all.get(n)));

  let resources = [...all.values()];
  if (options.resources) {
    const names = [...all.keys()];
    const unknown = options.resources.filter((r) => !all.has(r));
    if (unknown.length > 0) {
      throw new ConfigError(unknown.map((r) => {
        const suggestion = closestMatch(r, names);
        return {
          path: '--resource',
          message: `unknown resource \`${r}\`; ` + (suggestion ? `did you mean \`${suggestion}\`?` : `resources are: ${names.map((n) => `\`${n}\``).join(', ')}`),
        };
      }));
    }
    const wanted = new Set(options.resources);
    const needed = new Set<string>();
    for (const r of options.resources) {
      for (let p = all.get(r)?.parent; p && !needed.has(p); p = all.get(p)?.parent) needed.add(p);
    }
    resources = resources.filter((r) => wanted.has(r.name) || needed.has(r.name));
    for (const r of resources) r.selected = wanted.has(r.name);
  }
  return {
    name,
    resources,
    warnings: resolved.warnings.map((w) => (w.path ? `${w.message} (at \`${w.path}\`)` : w.message)),
  };
}
