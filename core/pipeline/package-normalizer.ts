import type { Schema, SchemaChange, TableHints, TableSchema, WriteDisposition } from '../schema/types';
import { Normalizer } from '../normalize/normalizer';
import { filePartName, type LoadPackage, type TableJobState } from './load-package';
import { NdjsonWriter } from './ndjson-writer';
import { rowsToNdjson } from './ndjson-rows';
import { columnsLine, type TableFileFormat } from '../destinations/table-file-format';

export interface NormalizedPackage {
  schema: Schema;
  jobs: TableJobState[];
  changes: SchemaChange[];
  rows: number;
}

/** What has been written for one table: its file parts (names inside `normalized/`), their sizes and rows. */
export interface TableParts {
  files: string[];
  /** Bytes written to each part, in the order of `files`. */
  bytes: number[];
  rows: number;
}

/**
 * Start a new file part past this size, unless the destination names its own (DuckDB: 1 MB). DuckDB's `read_json`
 * buffers grow with the file it reads (measured on the 500k anchor load alone: one ~150 MB file per table peaked at
 * ~470 MB RSS, 16 MB parts at ~320 MB; the whole 500k pipeline run: 615 MB with one file, 503 MB with 16 MB parts,
 * 471 MB with 8 MB parts). The parts still open after the last page are loaded after it: 4 MB parts made the 500k
 * run ~4% faster than 8 MB ones in two paired comparisons (load step 0.69 → 0.57 s, 417 MB peak) and changed
 * nothing measurable at 100k.
 */
export const PART_BYTES = 4 * 2 ** 20;

/**
 * Most rows in one `jsonl_columns` line. A line is read whole (its length bounds DuckDB's `maximum_object_size`,
 * at most 256 MB), and a huge page of small nested rows could otherwise make one longer than that; a batch of the
 * anchor workload (1,000 records, at most 3,000 rows per table) stays one line.
 */
const ROWS_PER_COLUMNS_LINE = 10_000;

interface TableOutput extends TableParts {
  writer: NdjsonWriter | undefined;
}

/** A table file part that is complete: no row is ever added to it again. */
export interface ClosedPart {
  /** Name inside `normalized/`. */
  file: string;
  /** The table as the schema stands when the part closed: it covers every row of the part (columns added later
   *  are missing from those rows; a bigint column may still widen to double). A copy. */
  table: TableSchema;
  /** The disposition of the table's root. */
  writeDisposition: WriteDisposition;
}

export type PartClosedListener = (part: ClosedPart) => void;

export interface PackageNormalizerOptions {
  /** How the table files hold their rows: the destination's `tableFileFormat`. */
  format: TableFileFormat;
  /** Never change the schema (see Normalizer's `frozen`): a batch that would throws SchemaWouldChange. */
  frozen?: boolean;
  /** Part series of this writer when another one writes the same package (see `filePartName`). */
  series?: string;
}

/**
 * Normalizes batches of one package as they come and appends each table's rows to
 * `normalized/<table>.<part>.columns.ndjson` (or `.ndjson`, see TableFileFormat) through buffered writers: memory
 * holds one batch, never the package.
 */
export class PackageNormalizer {
  private normalizer: Normalizer;
  private readonly outputs = new Map<string, TableOutput>();
  private readonly resources: string[] = [];
  rows = 0;
  /** Called when a part closes before `finish` (the parts still open at `finish` are not reported). */
  onPartClosed: PartClosedListener | undefined;

  constructor(
    private readonly pkg: LoadPackage,
    baseSchema: Schema,
    private readonly loadId: string,
    private readonly maxIdentifierLength: number,
    private readonly hints: TableHints[],
    /** Parts already written for this package (by another normalizer): kept, and new rows go to new parts. */
    existing: Record<string, TableParts> = {},
    private readonly partBytes = PART_BYTES,
    private readonly options: PackageNormalizerOptions,
  ) {
    this.normalizer = this.newNormalizer(baseSchema);
    for (const h of hints) this.resources.push(h.resource);
    for (const [table, parts] of Object.entries(existing)) {
      this.outputs.set(table, { files: [...parts.files], bytes: [...parts.bytes], rows: parts.rows, writer: undefined });
    }
  }

  /** The schema so far (the normalizer's own, evolved in place). */
  get schema(): Schema {
    return this.normalizer.schema;
  }

  /** Goes on against another schema (a frozen normalizer catching up with the one that owns the schema); the
   *  files written so far stay. */
  replaceSchema(schema: Schema): void {
    this.normalizer = this.newNormalizer(schema);
  }

  private newNormalizer(schema: Schema): Normalizer {
    const normalizer = new Normalizer({
      schema: structuredClone(schema), loadId: this.loadId, maxIdentifierLength: this.maxIdentifierLength, frozen: this.options.frozen === true,
    });
    for (const h of this.hints) normalizer.addResource(h);
    return normalizer;
  }

  /** File parts, their sizes and rows per table so far (an open part with the bytes written to it yet). */
  tableParts(): Record<string, TableParts> {
    return Object.fromEntries([...this.outputs].map(([table, o]) => [table, {
      files: [...o.files], bytes: o.writer ? [...o.bytes, o.writer.bytes] : [...o.bytes], rows: o.rows,
    }]));
  }

  /** Normalizes one batch and appends its rows to the tables' files. */
  async push(resource: string, records: Record<string, unknown>[]): Promise<void> {
    const tables = this.normalizer.normalizeBatch(resource, records);
    for (const [table, batch] of tables) {
      const writer = await this.writerFor(table);
      // One string per table and batch: far cheaper than a write per line.
      this.rows += batch.rows;
      this.outputs.get(table)!.rows += batch.rows;
      if (this.options.format === 'jsonl') {
        await writer.write(rowsToNdjson(batch.toRows(), { everyRowHasId: true }), batch.rows);
        continue;
      }
      for (let at = 0; at < batch.rows; at += ROWS_PER_COLUMNS_LINE) {
        const end = Math.min(batch.rows, at + ROWS_PER_COLUMNS_LINE);
        await writer.write(`${columnsLine(batch, at, end)}\n`, end - at);
      }
    }
  }

  /**
   * Flushes every file part; returns the evolved schema and one job per table, with each part's size. The parts are
   * not fsynced: a load checks those sizes instead (see `unwrittenTableFile`).
   */
  async finish(): Promise<NormalizedPackage> {
    for (const output of this.outputs.values()) {
      if (output.writer) await this.closeWriter(output);
    }
    const schema = this.normalizer.schema;
    return { schema, jobs: tableJobs(schema, this.resources, this.tableParts()), changes: this.normalizer.changes(), rows: this.rows };
  }

  destroy(): void {
    for (const output of this.outputs.values()) output.writer?.destroy();
  }

  private async writerFor(table: string): Promise<NdjsonWriter> {
    let output = this.outputs.get(table);
    if (!output) {
      output = { files: [], bytes: [], rows: 0, writer: undefined };
      this.outputs.set(table, output);
    }
    if (output.writer && output.writer.bytes >= this.partBytes) {
      await this.closeWriter(output);
      if (this.onPartClosed) this.onPartClosed(this.closedPart(table, output.files[output.files.length - 1]!));
    }
    if (!output.writer) {
      const name = filePartName(table, output.files.length, this.options.format, this.options.series);
      output.files.push(name);
      output.writer = new NdjsonWriter(this.pkg.tableFile(name));
    }
    return output.writer;
  }

  private async closeWriter(output: TableOutput): Promise<void> {
    const writer = output.writer!;
    await writer.close();
    output.bytes.push(writer.bytes);
    output.writer = undefined;
  }

  private closedPart(name: string, file: string): ClosedPart {
    const tables = this.normalizer.schema.tables;
    const table = tables[name]!;
    let root = table;
    while (root.parent !== undefined && tables[root.parent]) root = tables[root.parent]!;
    return { file, table: structuredClone(table), writeDisposition: root.write_disposition ?? 'append' };
  }
}

/** Root tables of the package's resources and all their nested tables, parents before children, with the parts
 *  written for each. Append tables without rows are left out; replace and merge tables are kept (an empty replace
 *  still empties the table). */
export function tableJobs(schema: Schema, resources: readonly string[], parts: Record<string, TableParts>): TableJobState[] {
  const jobs: TableJobState[] = [];
  const roots = Object.values(schema.tables).filter((t) => !t.parent && t.resource !== undefined && resources.includes(t.resource));
  const visit = (name: string, disposition: WriteDisposition): void => {
    const written = parts[name];
    const rows = written?.rows ?? 0;
    if (rows > 0 || disposition !== 'append') {
      jobs.push({ table: name, write_disposition: disposition, files: written?.files ?? [], file_bytes: written?.bytes ?? [], rows, status: 'new' });
    }
    for (const child of Object.values(schema.tables)) if (child.parent === name) visit(child.name, disposition);
  };
  for (const root of roots) visit(root.name, root.write_disposition ?? 'append');
  return jobs;
}
