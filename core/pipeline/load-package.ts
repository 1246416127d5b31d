import { existsSync, readdirSync, renameSync, rmSync, mkdirSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { PipelineStateDoc } from '../destinations/destination';
import type { Schema, SchemaChange, TableHints, WriteDisposition } from '../schema/types';
import { LoadPackageError } from '../errors/load-package-error';
import { fsyncDir, readJsonFile, writeJsonAtomic } from './atomic-file';
import { tableFileSuffix, type TableFileFormat } from '../destinations/table-file-format';

/**
 * extracting → extracted (raw pages complete and fsynced) → normalized (table files complete, their sizes recorded)
 * → loading → (deleted once the destination committed). A package still `extracting` after a crash is discarded: its
 * incremental state was never committed, so the next extract fetches the same records again. So is a package whose
 * table files a stopped machine left short, unless its load was committed (see `unwrittenTableFile`).
 */
export type PackageStatus = 'extracting' | 'extracted' | 'normalized' | 'loading';

export interface ResourceExtractStats {
  resource: string;
  pages: number;
  records: number;
  bytes: number;
}

/** Job state of one table file (dlt's new/completed/failed jobs). */
export interface TableJobState {
  table: string;
  write_disposition: WriteDisposition;
  /** File parts inside `normalized/`, in order; empty when the table got no rows this load. */
  files: string[];
  /** Bytes written to each part, in the order of `files` (absent in packages written before sizes were recorded).
   *  The parts are not fsynced: a load compares these with the files on disk (`unwrittenTableFile`). */
  file_bytes?: number[];
  rows: number;
  status: 'new' | 'completed' | 'failed';
  message?: string;
}

export interface PackageManifest {
  load_id: string;
  pipeline_name: string;
  source_name: string;
  status: PackageStatus;
  created_at: string;
  /** Resources extracted into this package, in extraction order. */
  resources: ResourceExtractStats[];
  /** Table hints of those resources: normalizing again after a crash needs them, not the source. */
  hints: TableHints[];
  /** Set once normalized. */
  jobs?: TableJobState[];
  schema_changes?: SchemaChange[];
  /** Milliseconds each finished step took. */
  durations?: { extract?: number; normalize?: number; load?: number };
}

/** Resource and table names become file names: keep them readable but safe. */
export function fileNameFor(name: string): string {
  return encodeURIComponent(name).replace(/\*/g, '%2A') + '.ndjson';
}

/** Part `n` of a table's normalized rows: `<table>.0000.columns.ndjson` (`<table>.0000.ndjson` in the `jsonl`
 *  format); a second writer of the same package numbers its parts in a series of its own (`<table>.s0000…`). */
export function filePartName(table: string, part: number, format: TableFileFormat, series = ''): string {
  return fileNameFor(table).replace(/\.ndjson$/, `.${series}${String(part).padStart(4, '0')}${tableFileSuffix(format)}`);
}

/** One load package folder: `<pipeline>/packages/<load_id>/`. */
export class LoadPackage {
  readonly dir: string;

  constructor(private readonly root: string, readonly loadId: string, readonly pipelineName: string) {
    this.dir = join(root, loadId);
  }

  get manifestPath(): string { return join(this.dir, 'manifest.json'); }
  get extractedDir(): string { return join(this.dir, 'extracted'); }
  get normalizedDir(): string { return join(this.dir, 'normalized'); }
  get schemaPath(): string { return join(this.dir, 'schema.json'); }
  get statePath(): string { return join(this.dir, 'state.json'); }

  create(manifest: PackageManifest): void {
    mkdirSync(this.extractedDir, { recursive: true });
    mkdirSync(this.normalizedDir, { recursive: true });
    this.writeManifest(manifest);
  }

  rawFile(resource: string): string { return join(this.extractedDir, fileNameFor(resource)); }
  tableFile(fileName: string): string { return join(this.normalizedDir, fileName); }

  readManifest(): PackageManifest {
    const manifest = this.readJson<PackageManifest>(this.manifestPath, 'manifest');
    if (!manifest || typeof manifest.status !== 'string' || !Array.isArray(manifest.resources) || !Array.isArray(manifest.hints)) {
      throw this.corrupt(this.manifestPath, manifest ? 'the manifest lacks `status`, `resources` or `hints`' : 'the manifest is missing');
    }
    return manifest;
  }

  writeManifest(manifest: PackageManifest): void {
    writeJsonAtomic(this.manifestPath, manifest);
  }

  readSchema(): Schema {
    const schema = this.readJson<Schema>(this.schemaPath, 'schema');
    if (!schema || typeof schema.tables !== 'object') throw this.corrupt(this.schemaPath, 'the schema file is missing or has no `tables`');
    return schema;
  }

  readState(): PipelineStateDoc {
    const state = this.readJson<PipelineStateDoc>(this.statePath, 'state');
    if (!state || typeof state.sources !== 'object') throw this.corrupt(this.statePath, 'the state file is missing or has no `sources`');
    return state;
  }

  /** Removes the normalized files (before normalizing again from the raw pages). */
  resetNormalized(): void {
    rmSync(this.normalizedDir, { recursive: true, force: true });
    mkdirSync(this.normalizedDir, { recursive: true });
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }

  /**
   * Removes a loaded package: its folder leaves the pending list at once (an atomic rename to a hidden
   * `.loaded-<load_id>` beside it) and its files are deleted on the thread pool. Deleting hundreds of MB took
   * ~0.3 s per 500k records on the calling thread. Whatever a crash leaves behind, `PackageStore.sweep` deletes.
   */
  retire(): Promise<void> {
    const retired = join(this.dir, '..', `${RETIRED_PREFIX}${this.loadId}`);
    try {
      renameSync(this.dir, retired);
    } catch {
      // e.g. a file still open on Windows: delete in place, as before
      this.remove();
      return Promise.resolve();
    }
    return rm(retired, { recursive: true, force: true });
  }

  corrupt(file: string, problem: string, cause?: unknown): LoadPackageError {
    // `<pipelinesDir>/<pipelineName>/packages/<load_id>`
    const pipelinesDir = dirname(dirname(this.root));
    return new LoadPackageError({ pipelineName: this.pipelineName, pipelinesDir, loadId: this.loadId, file, problem }, { cause });
  }

  private readJson<T>(path: string, what: string): T | undefined {
    try {
      return readJsonFile<T>(path);
    } catch (error) {
      throw this.corrupt(path, `the ${what} file is not valid JSON (${error instanceof Error ? error.message : String(error)})`, error);
    }
  }
}

/** Folder name prefix of a loaded package whose files are being deleted (hidden from the pending list). */
const RETIRED_PREFIX = '.loaded-';

/** The `packages/` folder of a pipeline. */
export class PackageStore {
  constructor(readonly root: string, private readonly pipelineName: string) {}

  /** Pending packages, oldest first (load ids sort by time). */
  list(): LoadPackage[] {
    if (!existsSync(this.root)) return [];
    return readdirSync(this.root, { withFileTypes: true })
      .filter((e) => e.isDirectory() && !e.name.startsWith('.'))
      .map((e) => e.name)
      .sort(compareLoadIds)
      .map((id) => new LoadPackage(this.root, id, this.pipelineName));
  }

  /**
   * The pending packages a drop of `loadIds` must take: the oldest of them and every package extracted after it,
   * oldest first. Each package's incremental state builds on the one before, so a later package loaded without an
   * earlier one would commit a cursor past records that were never loaded. Unknown ids are ignored.
   */
  dependentsFrom(loadIds: readonly string[]): LoadPackage[] {
    const all = this.list();
    const oldest = all.find((p) => loadIds.includes(p.loadId));
    return oldest === undefined ? [] : all.filter((p) => compareLoadIds(p.loadId, oldest.loadId) >= 0);
  }

  /** Deletes what retired packages left behind (a process that ended before their files were gone). */
  async sweep(): Promise<void> {
    if (!existsSync(this.root)) return;
    const leftovers = readdirSync(this.root).filter((name) => name.startsWith(RETIRED_PREFIX));
    await Promise.all(leftovers.map((name) => rm(join(this.root, name), { recursive: true, force: true })));
  }

  open(loadId: string): LoadPackage {
    return new LoadPackage(this.root, loadId, this.pipelineName);
  }

  create(manifest: PackageManifest): LoadPackage {
    const pkg = new LoadPackage(this.root, manifest.load_id, this.pipelineName);
    pkg.create(manifest);
    fsyncDir(this.root);
    return pkg;
  }
}

export function compareLoadIds(a: string, b: string): number {
  const na = Number(a);
  const nb = Number(b);
  if (Number.isFinite(na) && Number.isFinite(nb) && na !== nb) return na - nb;
  return a < b ? -1 : a > b ? 1 : 0;
}

let lastLoadId = 0;

/** dlt-style load id: Unix time in seconds with microseconds, strictly increasing within the process. */
export function newLoadId(): string {
  let now = Math.round(Date.now() * 1000) / 1e6;
  if (now <= lastLoadId) now = Math.round((lastLoadId + 1e-6) * 1e6) / 1e6;
  lastLoadId = now;
  return now.toFixed(6);
}
