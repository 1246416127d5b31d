import type { ProgressEvent } from './progress';

const PLAIN_INTERVAL_MS = 1000;
const TTY_INTERVAL_MS = 100;

function mb(bytes: number): string {
  return `${(bytes / 2 ** 20).toFixed(1)} MB`;
}

function n(value: number): string {
  return value.toLocaleString('en-US');
}

/**
 * Renders progress events for a terminal (one live line, redrawn) or a log (plain lines, at most one a second per
 * resource, plus every step boundary). Used by `sluice run`.
 */
export class RunProgressView {
  private lastDraw = 0;
  private live = '';
  private readonly lastLine = new Map<string, number>();
  private readonly extracting = new Set<string>();
  private readonly rowsByResource = new Map<string, number>();

  constructor(private readonly out: NodeJS.WritableStream, private readonly tty: boolean) {}

  update(event: ProgressEvent): void {
    switch (event.type) {
      case 'step_started':
        if (event.step !== 'normalize') this.log(`${event.step} started (load ${event.load_id})`);
        break;
      case 'resource_progress': {
        // Normalizing alongside extraction: show its rows on the extract line instead of a line of its own.
        if (event.step === 'normalize' && this.extracting.has(event.resource)) {
          this.rowsByResource.set(event.resource, event.rows);
          break;
        }
        if (event.step === 'extract') this.extracting.add(event.resource);
        const rows = event.step === 'extract' ? this.rowsByResource.get(event.resource) : undefined;
        const text = event.step === 'load'
          ? `load ${event.resource}: ${n(event.rows)} rows`
          : `${event.step} ${event.resource}: ${n(event.pages)} pages, ${n(event.records)} records, ${mb(event.bytes)}, ` +
            `${n(event.rate)} records/s, ${(event.elapsed_ms / 1000).toFixed(1)} s${rows === undefined ? '' : `, ${n(rows)} table rows`}`;
        if (this.tty) {
          this.draw(text, event.step === 'load');
        } else {
          const key = `${event.step}:${event.resource}`;
          const now = performance.now();
          if (event.step === 'load' || now - (this.lastLine.get(key) ?? -Infinity) >= PLAIN_INTERVAL_MS) {
            this.lastLine.set(key, now);
            this.log(text);
          }
        }
        break;
      }
      case 'step_finished': {
        if (event.step === 'extract') this.extracting.clear();
        const what = event.step === 'load' ? `${n(event.rows)} rows` : event.step === 'normalize'
          ? `${n(event.records)} records into ${n(event.rows)} rows` : `${n(event.records)} records in ${n(event.pages)} pages (${mb(event.bytes)})`;
        this.log(`${event.step} finished: ${what} in ${(event.elapsed_ms / 1000).toFixed(2)} s`);
        break;
      }
      case 'package_discarded':
        this.log(`discarded unfinished load package ${event.load_id}: ${event.reason}`);
        break;
      case 'nothing_to_load':
        this.log('nothing new to load: no rows, and no schema or state change, so no load was written');
        break;
      case 'package_resumed':
        this.log(`finishing pending load package ${event.load_id} (${event.status})`);
        break;
      case 'summary':
        break;
    }
  }

  /** A line of its own (clears the live line first on a terminal). */
  log(line: string): void {
    if (this.tty && this.live) this.out.write('\r\x1b[K');
    this.out.write(`${line}\n`);
    if (this.tty && this.live) this.out.write(this.live);
  }

  finish(): void {
    if (this.tty && this.live) this.out.write('\r\x1b[K');
    this.live = '';
  }

  private draw(text: string, force: boolean): void {
    const now = performance.now();
    if (!force && now - this.lastDraw < TTY_INTERVAL_MS) return;
    this.lastDraw = now;
    this.live = text;
    this.out.write(`\r\x1b[K${text}`);
  }
}
