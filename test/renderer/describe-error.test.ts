import { describe, expect, it } from 'vitest';
import { fromErrorData } from '../../core/index';
import { describeError } from '../../renderer/components/describe-error';

describe('describeError', () => {
  it('titles a host error by its code and keeps the message and code', () => {
    const error = fromErrorData({ name: 'NetworkError', code: 'NETWORK_REFUSED', message: 'GET http://127.0.0.1:9/x failed: the connection was refused' });
    expect(describeError(error)).toEqual({
      title: 'Connection refused',
      message: 'GET http://127.0.0.1:9/x failed: the connection was refused',
      code: 'NETWORK_REFUSED',
    });
  });

  it('reads the plain-data form the Electron bridge delivers', () => {
    expect(describeError({ name: 'ConfigError', code: 'CONFIG_INVALID', message: '`url` must be an absolute http(s) URL' }))
      .toEqual({ title: 'Invalid input', message: '`url` must be an absolute http(s) URL', code: 'CONFIG_INVALID' });
  });

  it('falls back to a generic title for codes it does not know', () => {
    expect(describeError(fromErrorData({ name: 'PaginationError', code: 'PAGINATION_X', message: 'm' })).title).toBe('Request failed');
  });

  it('shows only the message of other errors, never the stack', () => {
    const error = new TypeError('Failed to fetch');
    const shown = describeError(error);
    expect(shown).toEqual({ title: 'Unexpected error', message: 'Failed to fetch' });
    expect(JSON.stringify(shown)).not.toContain(' at ');
    expect(describeError('boom')).toEqual({ title: 'Unexpected error', message: 'boom' });
  });
});
