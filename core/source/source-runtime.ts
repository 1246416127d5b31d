import type { AuthConfig } from '../auth/types';
import type { ResolvedResourceConfig, ResolvedSourceConfig } from '../config/resolved-config';
import { renderDeep } from '../config/placeholders';
import { redactor as defaultRedactor, type Redactor } from '../http/redactor';
import { RestClient, type RestClientOptions } from '../http/rest-client';
import type { RetryOptions } from '../http/retry';
import { silentLogger, type Logger } from '../logger';
import type { SecretResolver } from '../secrets-port';
import type { ResourceStateStore } from './types';

export interface SourceRuntimeOptions {
  section: string;
  secrets: SecretResolver;
  redactor?: Redactor;
  logger?: Logger;
  /** Overrides for every REST client (tests use millisecond retries). */
  client?: Partial<Pick<RestClientOptions, 'retry' | 'timeoutMs' | 'maxResponseBytes'>>;
}

/**
 * What the resources of one source share: resolved secrets and REST clients (one per distinct auth, so an OAuth2
 * token is fetched once). Prepared lazily at the first extract, because resolving secrets is async.
 */
export class SourceRuntime {
  readonly redactor: Redactor;
  readonly logger: Logger;
  private readonly secretValues = new Map<string, string>();
  private readonly clients = new Map<string, RestClient>();
  private ready: Promise<void> | undefined;
  /** Each resource's state as it was when this run first looked at it, per state store. */
  private readonly snapshots = new WeakMap<ResourceStateStore, Map<string, Record<string, unknown> | undefined>>();

  constructor(readonly config: ResolvedSourceConfig, private readonly options: SourceRuntimeOptions) {
    this.redactor = options.redactor ?? defaultRedactor;
    this.logger = options.logger ?? silentLogger;
    for (const literal of config.literal_secrets) this.redactor.registerSecret(literal);
  }

  prepare(): Promise<void> {
    this.ready ??= (async () => {
      for (const name of this.config.secret_names) {
        const value = await this.options.secrets.resolve(this.options.section, name);
        this.redactor.registerSecret(value);
        this.secretValues.set(name, value);
      }
    })();
    return this.ready;
  }

  /**
   * A resource's state as it was before this run changed it. A parent that runs again to feed its children must
   * start where its own run started: with the advanced cursor it would skip the records the children need.
   */
  initialState(store: ResourceStateStore, resource: string): Record<string, unknown> | undefined {
    let map = this.snapshots.get(store);
    if (!map) { map = new Map(); this.snapshots.set(store, map); }
    if (!map.has(resource)) map.set(resource, store.get(resource));
    return map.get(resource);
  }

  /** Value of `{secrets.<name>}` (after `prepare`). */
  secret(name: string): string {
    const value = this.secretValues.get(name);
    if (value === undefined) throw new Error(`secret \`${name}\` was not resolved`);
    return value;
  }

  private renderSecrets<T>(value: T): T {
    return renderDeep(value, (expr) => this.secret(expr.slice('secrets.'.length)), true) as T;
  }

  /** The client for a resource: shared when it uses the client's auth, its own otherwise. */
  clientFor(resource: ResolvedResourceConfig): RestClient {
    const auth = resource.endpoint.auth;
    const key = auth === this.config.client.auth ? '' : `resource:${resource.name}`;
    let client = this.clients.get(key);
    if (!client) {
      const c = this.config.client;
      const retry: Partial<RetryOptions> = {};
      if (c.retry?.max_attempts !== undefined) retry.attempts = c.retry.max_attempts;
      if (c.retry?.backoff_factor !== undefined) retry.backoffFactor = c.retry.backoff_factor;
      if (c.retry?.max_delay !== undefined) retry.maxDelayMs = c.retry.max_delay * 1000;
      const options: RestClientOptions = {
        baseUrl: this.renderSecrets(c.base_url),
        headers: this.renderSecrets(c.headers),
        retry: { ...retry, ...this.options.client?.retry },
        logger: this.logger,
        redactor: this.redactor,
      };
      if (auth) options.auth = this.renderSecrets(auth) as AuthConfig;
      const timeoutMs = this.options.client?.timeoutMs ?? (c.timeout !== undefined ? c.timeout * 1000 : undefined);
      if (timeoutMs !== undefined) options.timeoutMs = timeoutMs;
      if (this.options.client?.maxResponseBytes !== undefined) options.maxResponseBytes = this.options.client.maxResponseBytes;
      client = new RestClient(options);
      this.clients.set(key, client);
    }
    return client;
  }
}
