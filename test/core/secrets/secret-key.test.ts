import { describe, expect, it } from 'vitest';
import {
  destinationKey, envVarName, keychainAccount, parseSecretKey, sourceKey, tomlLocation,
} from '../../../core/secrets/secret-key';

describe('where a secret lives, spelled once', () => {
  it.each([
    [sourceKey('github', 'token'), 'SOURCES__GITHUB__TOKEN', { table: 'sources.github', key: 'token' }, 'github.token'],
    [sourceKey('my_api', 'api_key'), 'SOURCES__MY_API__API_KEY', { table: 'sources.my_api', key: 'api_key' }, 'my_api.api_key'],
    [sourceKey('my-api', 'x-key'), 'SOURCES__MY_API__X_KEY', { table: 'sources.my-api', key: 'x-key' }, 'my-api.x-key'],
    [sourceKey('shop', 'credentials.client_secret'), 'SOURCES__SHOP__CREDENTIALS__CLIENT_SECRET', { table: 'sources.shop.credentials', key: 'client_secret' }, 'shop.credentials.client_secret'],
    [destinationKey('bigquery', 'credentials'), 'DESTINATION__BIGQUERY__CREDENTIALS', { table: 'destination.bigquery', key: 'credentials' }, 'destination.bigquery.credentials'],
    [destinationKey('bigquery', 'credentials.private_key'), 'DESTINATION__BIGQUERY__CREDENTIALS__PRIVATE_KEY', { table: 'destination.bigquery.credentials', key: 'private_key' }, 'destination.bigquery.credentials.private_key'],
  ])('%j', (key, env, toml, account) => {
    expect(envVarName(key)).toBe(env);
    expect(tomlLocation(key)).toEqual(toml);
    expect(keychainAccount(key)).toBe(account);
    expect(parseSecretKey(account)).toEqual(key);
  });

  it.each(['token', 'github.', '.token', 'git hub.token', 'destination.bigquery', 'a.b/c'])('`%s` is not a secret name', (text) => {
    expect(parseSecretKey(text)).toBeUndefined();
  });
});
