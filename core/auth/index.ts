export { AuthBase } from './base';
export type { AuthRequest } from './base';
export { BearerAuth } from './bearer-auth';
export { ApiKeyAuth } from './api-key-auth';
export { HttpBasicAuth, base64Utf8 } from './http-basic-auth';
export { OAuth2ClientCredentialsAuth } from './oauth2-client-credentials-auth';
export type { OAuth2ClientCredentialsOptions } from './oauth2-client-credentials-auth';
export { createAuth, registerAuth, authTypeNames } from './registry';
export type { AuthFactory } from './registry';
export { AUTH_OPTIONS, AUTH_TYPES } from './types';
export type {
  AuthConfig, AuthType, BuiltInAuthConfig, CustomAuthConfig, BearerAuthConfig, ApiKeyAuthConfig, HttpBasicAuthConfig,
  OAuth2ClientCredentialsConfig,
} from './types';
