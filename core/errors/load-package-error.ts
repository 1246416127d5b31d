import { dropPendingCommand } from './drop-pending-command';
import { SluiceError } from './sluice-error';

/** A pending load package on disk cannot be read (a file is missing, truncated or not JSON). */
export class LoadPackageError extends SluiceError {
  readonly loadId: string;

  /** `pipelinesDir` goes into the suggested command, so that it works whatever folder the failed run was given. */
  constructor(init: { pipelineName: string; pipelinesDir?: string; loadId: string; file: string; problem: string }, options: { cause?: unknown } = {}) {
    super(
      'PACKAGE_CORRUPT',
      `load package \`${init.loadId}\` of pipeline \`${init.pipelineName}\` is corrupt: ${init.problem} (file ${init.file}); ` +
        `drop it with \`${dropPendingCommand(init.pipelineName, init.pipelinesDir)}\` (its data was never loaded, ` +
        'and its incremental state was never committed, so the next run extracts it again)',
      { cause: options.cause, details: { pipelineName: init.pipelineName, loadId: init.loadId, file: init.file } },
    );
    this.name = 'LoadPackageError';
    this.loadId = init.loadId;
  }
}
