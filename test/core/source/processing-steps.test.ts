import { describe, expect, it } from 'vitest';
import { compileProcessingSteps } from '../../../core/source/processing-steps';

describe('processing steps', () => {
  it('runs filter and map in order', async () => {
    const run = compileProcessingSteps('posts', [{ filter: 'id < 3' }, { map: '$merge([$, {"title": $lowercase(title)}])' }, { filter: '$contains(title, "b")' }]);
    expect(await run([{ id: 1, title: 'Alpha' }, { id: 2, title: 'BRAVO' }, { id: 3, title: 'Bee' }])).toEqual([{ id: 2, title: 'bravo' }]);
  });

  it('says which step failed and why when a map does not return an object', async () => {
    const run = compileProcessingSteps('posts', [{ map: 'title' }]);
    await expect(run([{ id: 1, title: 'x' }])).rejects.toThrow('resource `posts`: `map` step 0 must return an object, got string');
  });

  it('reports a JSONata runtime error with the resource and step', async () => {
    const run = compileProcessingSteps('posts', [{ filter: 'true' }, { map: '$number("not a number")' }]);
    await expect(run([{ id: 1 }])).rejects.toMatchObject({ code: 'PROCESSING_STEP_FAILED', message: expect.stringContaining('resource `posts`: `map` step 1 failed:') });
  });

  it('awaits async functions from code', async () => {
    const run = compileProcessingSteps('posts', [{ map: async (r: Record<string, unknown>) => ({ ...r, ok: true }) }]);
    expect(await run([{ id: 1 }])).toEqual([{ id: 1, ok: true }]);
  });
});
