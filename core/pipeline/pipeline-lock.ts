import { closeSync, openSync, readFileSync, rmSync, writeSync, fsyncSync } from 'node:fs';
import { PipelineLockedError } from '../errors/pipeline-locked-error';

interface LockContent { pid: number; since: string }

/** Locks this process holds: a second Pipeline object in the same process is refused too. */
const heldHere = new Set<string>();

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * One run of a pipeline at a time: an exclusive-create lock file holding the owner's PID. A lock whose PID is dead
 * (a killed run) is taken over.
 */
export class PipelineLock {
  private held = false;

  constructor(private readonly path: string, private readonly pipelineName: string) {}

  acquire(): void {
    if (heldHere.has(this.path)) {
      throw new PipelineLockedError({ pipelineName: this.pipelineName, lockPath: this.path, pid: process.pid, since: this.readOwner()?.since });
    }
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        const fd = openSync(this.path, 'wx');
        try {
          writeSync(fd, JSON.stringify({ pid: process.pid, since: new Date().toISOString() } satisfies LockContent));
          fsyncSync(fd);
        } finally {
          closeSync(fd);
        }
        this.held = true;
        heldHere.add(this.path);
        return;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      const owner = this.readOwner();
      if (owner && owner.pid !== process.pid && isAlive(owner.pid)) {
        throw new PipelineLockedError({ pipelineName: this.pipelineName, lockPath: this.path, pid: owner.pid, since: owner.since });
      }
      // Stale (dead owner, or a half-written lock): remove and try again.
      rmSync(this.path, { force: true });
    }
    throw new PipelineLockedError({ pipelineName: this.pipelineName, lockPath: this.path, pid: this.readOwner()?.pid ?? -1 });
  }

  release(): void {
    if (!this.held) return;
    this.held = false;
    heldHere.delete(this.path);
    const owner = this.readOwner();
    if (!owner || owner.pid === process.pid) rmSync(this.path, { force: true });
  }

  private readOwner(): LockContent | undefined {
    try {
      const parsed = JSON.parse(readFileSync(this.path, 'utf8')) as Partial<LockContent>;
      return typeof parsed.pid === 'number' ? { pid: parsed.pid, since: String(parsed.since ?? '') } : undefined;
    } catch {
      return undefined;
    }
  }
}
