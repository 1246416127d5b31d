import { mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { PipelineStateDoc } from '../destinations/destination';
import type { Schema } from '../schema/types';
import { SluiceError } from '../errors/sluice-error';
import { readJsonFile, writeJsonAtomic } from './atomic-file';
import { PackageStore } from './load-package';
import { PipelineLock } from './pipeline-lock';

/** `~/.sluice/pipelines`, dlt's `~/.dlt/pipelines` counterpart. */
export function defaultPipelinesDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.SLUICE_PIPELINES_DIR || join(homedir(), '.sluice', 'pipelines');
}

/** One finished load, kept for `sluice info`. */
export interface LoadHistoryEntry {
  load_id: string;
  dataset_name: string;
  destination: string;
  finished_at: string;
  tables: Record<string, number>;
  schema_changes: number;
}

const HISTORY_LIMIT = 20;
const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

/**
 * `<pipelinesDir>/<pipelineName>/`: `state.json` and `schema.json` as last committed, `history.json` (last loads),
 * `pipeline.lock`, and `packages/<load_id>/` for load packages not yet committed.
 */
export class PipelineStorage {
  readonly dir: string;
  readonly packages: PackageStore;
  readonly lock: PipelineLock;

  constructor(pipelinesDir: string, readonly pipelineName: string) {
    if (!NAME_PATTERN.test(pipelineName)) {
      throw new SluiceError('PIPELINE_NAME_INVALID',
        `invalid pipeline name \`${pipelineName}\`: expected letters, digits, \`_\`, \`-\` or \`.\`, starting with a letter or digit`);
    }
    this.dir = join(pipelinesDir, pipelineName);
    this.packages = new PackageStore(join(this.dir, 'packages'), pipelineName);
    this.lock = new PipelineLock(join(this.dir, 'pipeline.lock'), pipelineName);
  }

  ensure(): void {
    mkdirSync(this.packages.root, { recursive: true });
  }

  get statePath(): string { return join(this.dir, 'state.json'); }
  get schemaPath(): string { return join(this.dir, 'schema.json'); }
  get historyPath(): string { return join(this.dir, 'history.json'); }

  readState(): PipelineStateDoc | undefined { return this.read<PipelineStateDoc>(this.statePath); }
  readSchema(): Schema | undefined { return this.read<Schema>(this.schemaPath); }
  readHistory(): LoadHistoryEntry[] { return this.read<LoadHistoryEntry[]>(this.historyPath) ?? []; }

  writeCommitted(state: PipelineStateDoc, schema: Schema | undefined): void {
    if (schema) writeJsonAtomic(this.schemaPath, schema);
    writeJsonAtomic(this.statePath, state);
  }

  appendHistory(entry: LoadHistoryEntry): void {
    const history = this.readHistory().filter((h) => h.load_id !== entry.load_id);
    history.push(entry);
    writeJsonAtomic(this.historyPath, history.slice(-HISTORY_LIMIT));
  }

  private read<T>(path: string): T | undefined {
    try {
      return readJsonFile<T>(path);
    } catch (error) {
      // Not a package: dropping packages would not help. The committed state and schema are in the destination too.
      const remedy = path === this.historyPath
        ? 'delete it: it only lists the last loads for `sluice info`'
        : `delete state.json and schema.json in ${this.dir}: the next run restores both from the destination, where every load committed them`;
      throw new SluiceError('PIPELINE_FILE_CORRUPT',
        `pipeline \`${this.pipelineName}\`: ${path} is not valid JSON (${error instanceof Error ? error.message : String(error)}); ${remedy}`,
        { cause: error, details: { pipelineName: this.pipelineName, file: path } });
    }
  }
}
