import { SluiceError, isSluiceError } from './sluice-error';

export type PipelineStepName = 'extract' | 'normalize' | 'load';

/**
 * A pipeline step failed. Wraps the cause with the step, the resource (extract) and the load package, and keeps the
 * cause's code in `details.causeCode` so callers can still branch on it.
 */
export class PipelineStepError extends SluiceError {
  readonly step: PipelineStepName;
  readonly resource: string | undefined;
  readonly loadId: string | undefined;
  /** Load info gathered before the failure (plain data); set by the pipeline. */
  loadInfo: unknown;

  constructor(init: { step: PipelineStepName; pipelineName: string; resource?: string; loadId?: string; cause: unknown; hint?: string }) {
    const reason = init.cause instanceof Error ? init.cause.message : String(init.cause);
    const what = init.resource ? ` of resource \`${init.resource}\`` : '';
    super(
      'PIPELINE_STEP_FAILED',
      `${init.step}${what} failed in pipeline \`${init.pipelineName}\`${init.loadId ? ` (load ${init.loadId})` : ''}: ${reason}` +
        (init.hint ? `; ${init.hint}` : ''),
      {
        cause: init.cause,
        details: {
          step: init.step, pipelineName: init.pipelineName, resource: init.resource, loadId: init.loadId,
          causeCode: isSluiceError(init.cause) ? init.cause.code : undefined,
        },
      },
    );
    this.name = 'PipelineStepError';
    this.step = init.step;
    this.resource = init.resource;
    this.loadId = init.loadId;
  }
}
