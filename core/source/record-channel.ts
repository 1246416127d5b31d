import type { SourceRecord } from './types';

/**
 * Hands a parent's record batches to one child as they are extracted. `push` resolves once the child has taken the
 * batch, so the parent runs at most one batch ahead of its child and memory stays flat however big the parent is.
 */
export class RecordChannel {
  private queued: { records: SourceRecord[]; taken: () => void } | undefined;
  private waiting: (() => void) | undefined;
  private closed = false;
  private stopped: { error: Error | undefined } | undefined;

  /** True once the child wants no more records (it finished early, failed, or the extraction stopped). */
  get abandoned(): boolean { return this.stopped !== undefined; }

  /** Resolves when the child took the batch (at once if the child is gone). */
  push(records: SourceRecord[]): Promise<void> {
    if (this.stopped || this.closed) return Promise.resolve();
    return new Promise((resolve) => {
      this.queued = { records, taken: resolve };
      this.wake();
    });
  }

  /** The parent has no more records: the child finishes after what it was given. */
  close(): void {
    this.closed = true;
    this.wake();
  }

  /** No more records will be taken: pending and later pushes resolve at once. With an error, the child's next read
   *  throws it (so a child cut off by a failure elsewhere does not finish as if its parent had ended). */
  abandon(error?: Error): void {
    if (this.stopped) return;
    this.stopped = { error };
    this.queued?.taken();
    this.queued = undefined;
    this.wake();
  }

  /** The child's side: the records, one at a time, as the parent pushes them. */
  async *records(): AsyncGenerator<SourceRecord> {
    try {
      for (;;) {
        const records = await this.take();
        if (!records) return;
        for (const record of records) {
          if (this.stopped?.error) throw this.stopped.error;
          yield record;
        }
      }
    } finally {
      this.abandon();
    }
  }

  private async take(): Promise<SourceRecord[] | undefined> {
    for (;;) {
      if (this.stopped) {
        if (this.stopped.error) throw this.stopped.error;
        return undefined;
      }
      const queued = this.queued;
      if (queued) {
        this.queued = undefined;
        queued.taken();
        return queued.records;
      }
      if (this.closed) return undefined;
      await new Promise<void>((resolve) => { this.waiting = resolve; });
    }
  }

  private wake(): void {
    const waiting = this.waiting;
    this.waiting = undefined;
    waiting?.();
  }
}
