import { describe, expect, expectTypeOf, it } from 'vitest';
import { API_METHODS, apiChannel, eventChannel, type EVENT_NAMES, isApiMethod, type PipelineApi, type PipelineEvents } from '../../../core/api/contract';
import { fromErrorData, settle, toErrorData, unwrap } from '../../../core/api/result';
import { ConfigError } from '../../../core/errors/config-error';
import { isSluiceError, type SluiceError } from '../../../core/errors/sluice-error';
import { PipelineService } from '../../../core/service/pipeline-service';

describe('the contract', () => {
  it('lists exactly the methods of PipelineApi (checked by the type checker)', () => {
    // Both directions: a method missing from the list, or a list entry that is not a method, fails typecheck.
    expectTypeOf<(typeof API_METHODS)[number]>().toEqualTypeOf<keyof PipelineApi>();
    expectTypeOf<(typeof EVENT_NAMES)[number]>().toEqualTypeOf<keyof PipelineEvents>();
    expect(new Set(API_METHODS).size).toBe(API_METHODS.length);
  });

  it('is implemented by PipelineService for every listed method', () => {
    const service = new PipelineService({ transport: 'http', version: '0.0.0' });
    for (const method of API_METHODS) expect(typeof service[method], method).toBe('function');
  });

  it('derives channel names instead of spelling them by hand', () => {
    expect(apiChannel('previewRequest')).toBe('api:previewRequest');
    expect(eventChannel('log.entry')).toBe('event:log.entry');
    expect(isApiMethod('getAppInfo')).toBe(true);
    expect(isApiMethod('constructor')).toBe(false);
  });
});

describe('errors as data', () => {
  it('carry code, message and details across a transport and are rebuilt on the other side', async () => {
    const result = await settle(async () => { throw new ConfigError([{ path: 'resources[0].name', message: '`name` must be a string' }]); });
    expect(result.ok).toBe(false);
    const wire = JSON.parse(JSON.stringify(result)) as typeof result;
    expect(() => unwrap(wire)).toThrowError(/`name` must be a string \(at `resources\[0\]\.name`\)/);
    try {
      unwrap(wire);
    } catch (error) {
      expect(isSluiceError(error)).toBe(true);
      expect((error as SluiceError).code).toBe('CONFIG_INVALID');
      expect((error as SluiceError).name).toBe('ConfigError');
      expect((error as SluiceError).details).toEqual({ issues: [{ path: 'resources[0].name', message: '`name` must be a string' }] });
    }
  });

  it('gives unknown errors a generic code but keeps their message', () => {
    expect(toErrorData(new TypeError('boom'))).toEqual({ name: 'TypeError', code: 'INTERNAL', message: 'boom' });
    expect(fromErrorData({ name: 'X', code: 'C', message: 'm' }).code).toBe('C');
  });

  it('recognises an error by its shape, since classes do not survive IPC', () => {
    expect(isSluiceError({ name: 'HttpError', code: 'HTTP_STATUS', message: 'GET … failed' })).toBe(true);
    expect(isSluiceError(new Error('plain'))).toBe(false);
    expect(isSluiceError('HTTP_STATUS')).toBe(false);
  });
});
