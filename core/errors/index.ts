export { SluiceError, isSluiceError } from './sluice-error';
export type { SluiceErrorData, SluiceErrorOptions } from './sluice-error';
export { ConfigError } from './config-error';
export type { ConfigIssue } from './config-error';
export { NetworkError } from './network-error';
export type { NetworkFailure } from './network-error';
export { HttpError, bodyExcerpt, BODY_EXCERPT_LIMIT } from './http-error';
export { ResponseParseError } from './response-parse-error';
