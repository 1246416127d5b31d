import { describe, expect, it } from 'vitest';
import { isNetworkFailure } from '../../../core/destinations/bigquery/bigquery-api-errors';

// Shapes as fetch (undici) and gaxios throw them when Google's token endpoint cannot be reached or answers.
describe('telling a network failure from refused credentials', () => {
  it('a request that got no answer is a network failure, wherever the system error sits in the cause chain', () => {
    expect(isNetworkFailure(Object.assign(new Error('getaddrinfo ENOTFOUND oauth2.googleapis.com'), { code: 'ENOTFOUND' }))).toBe(true);
    expect(isNetworkFailure(new TypeError('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:443'), { code: 'ECONNREFUSED' }) }))).toBe(true);
    expect(isNetworkFailure(new Error('request to https://oauth2.googleapis.com/token failed', { cause: new Error('socket hang up') }))).toBe(true);
  });

  it('an answer from the token endpoint is not: the credentials were refused', () => {
    const invalidGrant = Object.assign(new Error('invalid_grant: Invalid JWT Signature.'), { response: { status: 400 } });
    expect(isNetworkFailure(invalidGrant)).toBe(false);
    expect(isNetworkFailure(new Error('Could not load the default credentials. Browse to https://cloud.google.com/docs/authentication/getting-started for more information.'))).toBe(false);
    expect(isNetworkFailure(new Error('error:1E08010C:DECODER routines::unsupported'))).toBe(false);
  });
});
