import jsonata from 'jsonata';
import type { ProcessingStepInput } from '../config/schema';
import { SluiceError } from '../errors/sluice-error';
import type { SourceRecord } from './types';

/**
 * `processing_steps` (`filter`, `map`) as JSONata expressions or, from the programmatic API, plain functions.
 *
 * Why JSONata: it is a small, maintained (jsonata-js, 2.x) query/transform language made for JSON records, and it is
 * sandboxed by design: an expression sees only the record it is given (`$` and its fields) plus JSONata's own
 * function library. It has no access to JavaScript globals, `require`, the file system or the network, and it is
 * interpreted from its own parser, never through `eval` or `Function`. A config file can therefore carry expressions
 * safely, which a JavaScript snippet could not.
 */
export type RecordStep = (records: SourceRecord[]) => Promise<SourceRecord[]>;

type StepFn = (record: SourceRecord) => unknown;

function toEvaluator(step: string | StepFn): StepFn | ((record: SourceRecord) => Promise<unknown>) {
  if (typeof step === 'function') return step;
  const expression = jsonata(step);
  return (record: SourceRecord) => expression.evaluate(record);
}

export function compileProcessingSteps(resource: string, steps: readonly ProcessingStepInput[]): RecordStep {
  const compiled = steps.map((step, index) => {
    const kind = step.filter !== undefined ? 'filter' : 'map';
    const evaluate = toEvaluator((step.filter ?? step.map) as string | StepFn);
    return { kind, index, evaluate };
  });
  return async (records) => {
    let current = records;
    for (const { kind, index, evaluate } of compiled) {
      const next: SourceRecord[] = [];
      for (const record of current) {
        let result: unknown;
        try {
          result = await evaluate(record);
        } catch (error) {
          throw new SluiceError('PROCESSING_STEP_FAILED',
            `resource \`${resource}\`: \`${kind}\` step ${index} failed: ${(error as Error).message ?? String(error)}`,
            { cause: error, details: { resource, step: index } });
        }
        if (kind === 'filter') {
          if (result) next.push(record);
        } else if (result !== null && typeof result === 'object' && !Array.isArray(result)) {
          next.push(result as SourceRecord);
        } else if (result !== undefined) {
          throw new SluiceError('PROCESSING_STEP_FAILED',
            `resource \`${resource}\`: \`map\` step ${index} must return an object, got ${Array.isArray(result) ? 'a list' : typeof result}`,
            { details: { resource, step: index } });
        }
      }
      current = next;
    }
    return current;
  };
}
