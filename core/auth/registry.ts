import type { AuthBase } from './base';
import { AUTH_OPTIONS, AUTH_TYPES, type AuthConfig, type AuthType } from './types';
import { checkOptions } from '../http/option-spec';
import { ConfigError } from '../errors/config-error';
import { redactor as defaultRedactor, type Redactor } from '../http/redactor';
import { BearerAuth } from './bearer-auth';
import { ApiKeyAuth } from './api-key-auth';
import { HttpBasicAuth } from './http-basic-auth';
import { OAuth2ClientCredentialsAuth } from './oauth2-client-credentials-auth';

/** Builds an auth from its dlt-shaped config; must register its secrets with `redactor`. */
export type AuthFactory = (config: Record<string, unknown>, context: { redactor: Redactor }) => AuthBase;

type C = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- validated by checkOptions

const builtIn: Record<AuthType, AuthFactory> = {
  bearer: (c: C, { redactor }) => new BearerAuth(c.token, redactor),
  api_key: (c: C, { redactor }) => new ApiKeyAuth(c.api_key, c.name, c.location, redactor),
  http_basic: (c: C, { redactor }) => new HttpBasicAuth(c.username, c.password, redactor),
  oauth2_client_credentials: (c: C, { redactor }) => new OAuth2ClientCredentialsAuth({
    accessTokenUrl: c.access_token_url, clientId: c.client_id, clientSecret: c.client_secret,
    accessTokenRequestData: c.access_token_request_data, defaultTokenExpiration: c.default_token_expiration,
    clientCredentialsLocation: c.client_credentials_location, redactor,
  }),
};

const custom = new Map<string, AuthFactory>();

/** Registers a custom auth under a name usable as `auth.type` in configs. */
export function registerAuth(name: string, factory: AuthFactory): void {
  if (name in builtIn) throw new ConfigError(`cannot register auth \`${name}\`: it is a built-in type`);
  custom.set(name, factory);
}

export function authTypeNames(): string[] {
  return [...AUTH_TYPES, ...custom.keys()];
}

/**
 * Creates an auth from a dlt config object (no `type` means bearer), an instance (returned as is) or nothing
 * (undefined). Every secret is registered with the redactor before this returns. `path` locates the config in errors.
 */
export function createAuth(config: AuthConfig | AuthBase | undefined | null, options: { path?: string; redactor?: Redactor } = {}): AuthBase | undefined {
  const path = options.path ?? 'auth';
  const redactor = options.redactor ?? defaultRedactor;
  if (config === undefined || config === null) return undefined;
  if (typeof config !== 'object' || Array.isArray(config)) {
    throw new ConfigError(`auth must be an object with a \`type\`: valid types are: ${authTypeNames().join(', ')}`, { path });
  }
  if ('apply' in config && typeof config.apply === 'function') return config as AuthBase;
  const c = config as C;
  const type: unknown = c.type ?? 'bearer';
  if (typeof type !== 'string') throw new ConfigError(`auth \`type\` must be a string: valid values are: ${authTypeNames().join(', ')}`, { path: `${path}.type` });
  const factory = builtIn[type as AuthType] ?? custom.get(type);
  if (!factory) {
    throw new ConfigError(`unknown auth type \`${type}\`: valid values are: ${authTypeNames().join(', ')}`, { path: `${path}.type` });
  }
  const specs = AUTH_OPTIONS[type as AuthType];
  if (specs) {
    // Register secrets before validating, so a message can never echo one.
    for (const spec of specs) if (spec.secret && typeof c[spec.name] === 'string') redactor.registerSecret(c[spec.name]);
    checkOptions(c, specs, `\`${type}\` auth`, path);
  }
  return factory(c, { redactor });
}
