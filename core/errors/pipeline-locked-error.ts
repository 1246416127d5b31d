import { SluiceError } from './sluice-error';

/** Another live process is running the same pipeline (its lock file names a running PID). */
export class PipelineLockedError extends SluiceError {
  constructor(init: { pipelineName: string; lockPath: string; pid: number; since?: string }) {
    super(
      'PIPELINE_LOCKED',
      `pipeline \`${init.pipelineName}\` is already running (process ${init.pid}` +
        `${init.since ? `, since ${init.since}` : ''}); wait for it to finish, or stop it. Lock file: ${init.lockPath}`,
      { details: { pipelineName: init.pipelineName, lockPath: init.lockPath, pid: init.pid } },
    );
    this.name = 'PipelineLockedError';
  }
}
