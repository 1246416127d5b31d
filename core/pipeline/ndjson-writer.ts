import { createWriteStream, type WriteStream } from 'node:fs';

/**
 * Appends text to a file through a buffered stream, waiting for `drain` when the buffer is full so that memory stays
 * bounded by the buffer, not by what was written. `close()` flushes (it does not fsync).
 */
export class NdjsonWriter {
  private readonly stream: WriteStream;
  private failure: Error | undefined;
  bytes = 0;
  /** Rows written: a line holds one, or a batch of them. */
  rows = 0;

  constructor(readonly path: string, options: { append?: boolean } = {}) {
    this.stream = createWriteStream(path, { flags: options.append ? 'a' : 'w', highWaterMark: 1 << 20 });
    this.stream.on('error', (error) => { this.failure = error; });
  }

  /** Writes already-serialized lines (each ending in `\n`) holding `rows` rows. */
  async write(text: string, rows: number): Promise<void> {
    if (this.failure) throw this.failure;
    // Encoded once here, which also gives the size: measuring the text first was a second pass over it.
    const bytes = Buffer.from(text, 'utf8');
    this.bytes += bytes.length;
    this.rows += rows;
    if (!this.stream.write(bytes)) await this.drained();
    if (this.failure) throw this.failure;
  }

  /** Waits for `drain` (or an error), removing both listeners afterwards so none pile up over a long run. */
  private drained(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const done = (error?: Error): void => {
        this.stream.off('drain', onDrain);
        this.stream.off('error', onError);
        if (error) reject(error); else resolve();
      };
      const onDrain = (): void => done();
      const onError = (error: Error): void => done(error);
      this.stream.on('drain', onDrain);
      this.stream.on('error', onError);
    });
  }

  async close(): Promise<void> {
    if (this.stream.closed) return;
    await new Promise<void>((resolve, reject) => {
      this.stream.end((error?: Error | null) => (error ? reject(error) : resolve()));
    });
    if (this.failure) throw this.failure;
  }

  /** Closes without waiting for anything (after a failure elsewhere). */
  destroy(): void {
    this.stream.destroy();
  }
}
