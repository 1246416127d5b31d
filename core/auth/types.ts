import type { OptionSpec } from '../http/option-spec';

/** Auth configs, spelled exactly as dlt's `rest_api` config. Secret fields are registered with the redactor. */

/** `Authorization: Bearer <token>`. An auth object without `type` is bearer. */
export interface BearerAuthConfig {
  type?: 'bearer';
  /** The token (secret). */
  token: string;
}

/** An API key in a header, query param or cookie. */
export interface ApiKeyAuthConfig {
  type: 'api_key';
  /** Header, param or cookie name. Default `"Authorization"`. */
  name?: string;
  /** The key (secret). */
  api_key: string;
  /** Default `"header"`. */
  location?: 'header' | 'query' | 'cookie';
}

/** `Authorization: Basic base64(username:password)`. */
export interface HttpBasicAuthConfig {
  type: 'http_basic';
  username: string;
  /** The password (secret). */
  password: string;
}

/** OAuth2 client-credentials grant: the token is fetched lazily, cached, refreshed before expiry and once on a 401. */
export interface OAuth2ClientCredentialsConfig {
  type: 'oauth2_client_credentials';
  /** Token endpoint URL. */
  access_token_url: string;
  client_id: string;
  /** Secret. */
  client_secret: string;
  /** Extra form fields sent to the token endpoint (e.g. `{ "scope": "read" }`). */
  access_token_request_data?: Record<string, string>;
  /** Token lifetime in seconds when the endpoint does not say (`expires_in`). Default 3600. */
  default_token_expiration?: number;
  /** Where the client credentials go: the form `body` (dlt) or a Basic `header`. Default `"body"`. */
  client_credentials_location?: 'body' | 'header';
}

/** An auth registered with `registerAuth(name, factory)`. */
export interface CustomAuthConfig { type: string; [option: string]: unknown }

export type BuiltInAuthConfig = BearerAuthConfig | ApiKeyAuthConfig | HttpBasicAuthConfig | OAuth2ClientCredentialsConfig;
export type AuthConfig = BuiltInAuthConfig | CustomAuthConfig;
export type AuthType = NonNullable<BuiltInAuthConfig['type']>;

/** Every built-in auth type with its options (dlt names and defaults). The config schema and forms reuse this. */
export const AUTH_OPTIONS: Readonly<Record<AuthType, readonly OptionSpec[]>> = {
  bearer: [{ name: 'token', kind: 'string', required: true, secret: true, description: 'bearer token' }],
  api_key: [
    { name: 'name', kind: 'string', default: 'Authorization', description: 'header, query param or cookie name' },
    { name: 'api_key', kind: 'string', required: true, secret: true, description: 'the API key' },
    { name: 'location', kind: 'enum', values: ['header', 'query', 'cookie'], default: 'header', description: 'where the key goes' },
  ],
  http_basic: [
    { name: 'username', kind: 'string', required: true, description: 'user name' },
    { name: 'password', kind: 'string', required: true, secret: true, description: 'password' },
  ],
  oauth2_client_credentials: [
    { name: 'access_token_url', kind: 'string', required: true, description: 'token endpoint URL' },
    { name: 'client_id', kind: 'string', required: true, description: 'client id' },
    { name: 'client_secret', kind: 'string', required: true, secret: true, description: 'client secret' },
    { name: 'access_token_request_data', kind: 'object', description: 'extra form fields for the token request' },
    { name: 'default_token_expiration', kind: 'integer', default: 3600, min: 1, description: 'token lifetime (s) when the endpoint does not say' },
    { name: 'client_credentials_location', kind: 'enum', values: ['body', 'header'], default: 'body', description: 'client credentials in the form body or a Basic header' },
  ],
};

export const AUTH_TYPES = Object.keys(AUTH_OPTIONS) as AuthType[];
