import { SchemaContractError } from '../errors/schema-contract-error';
import type { ContractEntity } from '../errors/schema-contract-error';
import { resolveContract } from '../schema/contract';
import type { ResolvedContract } from '../schema/contract';
import { DEFAULT_DETECTIONS, inferDataType, INT64_LIMIT, isIsoDate, isIsoTimestamp, timestampText } from '../schema/infer-type';
import type { Detection } from '../schema/infer-type';
import { breakPath, computeTag, normalizePath, normalizeTableName, shortenFragments } from '../schema/naming';
import { schemaVersionHash } from '../schema/version-hash';
import type { ColumnSchema, DataType, Row, Schema, SchemaChange, TableHints, TableSchema } from '../schema/types';
import { coerceToHint, fitsInferred, NO_FIT, outputValue } from './coerce';
import { SluiceError } from '../errors/sluice-error';
import { ExactInteger } from '../http/exact-integer';
import { SchemaWouldChange } from './schema-would-change';
import { TableBatch } from './table-batch';
import {
  C_DLT_ID, C_DLT_LIST_IDX, C_DLT_LOAD_ID, C_DLT_PARENT_ID, C_DLT_ROOT_ID, C_LIST, C_VALUE, normalizeKey, SYSTEM_COLUMNS, TableState,
} from './table-state';
import type { Field, Scope } from './table-state';

export interface NormalizerOptions {
  /** Evolved in place: new tables, columns and variants are added as data arrives. */
  schema: Schema;
  loadId: string;
  /** The destination's identifier limit; longer names are shortened with a hash tag (unlimited if absent). */
  maxIdentifierLength?: number;
  /** String detections (dlt's `detections`): default `iso_timestamp`; add `iso_date` to type `YYYY-MM-DD` as date. */
  detections?: Detection[];
  /** Never change the schema: throw SchemaWouldChange instead (a second thread normalizing beside the one that
   *  owns the schema). */
  frozen?: boolean;
}

/** dlt's default `max_nesting` when a resource sets no `max_table_nesting`. */
export const DEFAULT_MAX_NESTING = 1000;

interface ResourceState {
  hints: TableHints;
  root: TableState;
  contract: ResolvedContract;
  maxNesting: number;
  rootKey: boolean;
}

/** Per-record working state, reused from record to record. */
interface RecordContext {
  resource: ResourceState;
  seq: number;
  index: number;
  record: unknown;
  discard: boolean;
  /** Row number of the record's root row in its table (what `_dlt_root_id` refers to). */
  rootRow: number;
  out: Map<string, TableBatch>;
}

type ListJob = [Field, unknown[]];

/**
 * Turns API records into dlt's relational rows: nested objects flatten into `a__b` columns, lists become
 * nested tables `table__field` linked by `_dlt_parent_id`/`_dlt_list_idx`, lists of scalars get a `value`
 * column, lists of lists an intermediary row with a `list` child table. Every row gets `_dlt_id`, root rows
 * `_dlt_load_id`, nested rows of merge tables `_dlt_root_id`.
 *
 * Streaming: `normalize` is per batch and keeps no rows between calls (only name and type caches), so memory is
 * bounded by the batch. The pipeline writes each returned batch to per-table files of the load package before
 * asking for the next. Rows are written by column (`TableBatch`, see `normalizeBatch`); `normalize` gives them
 * as objects.
 *
 * Same as dlt (dlt/common/normalizers/json/relational.py + helpers.py): table and column names, column order,
 * nesting levels counted backwards from `max_table_nesting` (a flattened object uses a level), lists of lists via
 * a `{"list": ...}` row, non-object records wrapped as `{"value": ...}`, `_dlt_*` columns, `_dlt_root_id` for
 * merge, `__v_<type>` variant names, contract modes.
 * Where Sluice differs, on purpose:
 * - A row id is the table's random prefix and the row's number (`rowIdPrefix`); dlt draws root ids at random
 *   (outside its upsert and scd2 merges, neither supported here) and derives nested ones from
 *   `{parent_id}_{table}_{idx}`. Both are unique; numbered ones need not be written out (see TableBatch).
 *   A primary key never decides an id: two records of one key in one load are two rows until the merge keeps
 *   one of them, with its own nested rows only.
 * - Inferred columns do not coerce across types (dlt turns `5` into `"5"` in a text column); the value goes to a
 *   variant column. Columns typed by a config hint do coerce, as in dlt.
 * - JSON has no integer/float distinction in JavaScript (`10.0` parses as `10`): a bigint column created by this
 *   load widens to double when a fractional number arrives, instead of a `__v_double` variant.
 * - Two source keys that normalize to one name get two columns (the later one `name_<tag>`); dlt merges them. The
 *   schema records the raw key path (`source_path`) where the name does not spell it, and `variant_of` on
 *   variants, so names stay stable across runs. Nested tables get the same treatment, and a scalar list element
 *   (`value`) never shares its column with an object's own `value` key.
 * - A key that is empty after path breaking (`"__"`) is named `_empty` like a blank key (dlt would produce an
 *   empty column name).
 */
export class Normalizer {
  private readonly schemaRef: Schema;
  private readonly loadId: string;
  private readonly maxLength: number | undefined;
  private readonly detections: readonly Detection[];
  private readonly resources = new Map<string, ResourceState>();
  private readonly tables = new Map<string, TableState>();
  private readonly pendingChanges: SchemaChange[] = [];
  private readonly allChanges: SchemaChange[] = [];
  private seq = 0;
  private dirty = false;
  /** Columns this normalizer created, with their change entry (they may still be widened bigint → double). */
  private readonly createdColumns = new Map<ColumnSchema, SchemaChange>();
  private readonly frozen: boolean;

  constructor(options: NormalizerOptions) {
    this.schemaRef = options.schema;
    this.loadId = options.loadId;
    this.maxLength = options.maxIdentifierLength || undefined;
    this.detections = options.detections ?? DEFAULT_DETECTIONS;
    this.frozen = options.frozen === true;
    // A schema handed over mid-load (to the normalize worker) carries the columns this load created: they may
    // still widen from bigint to double, as in the normalizer that created them.
    for (const change of this.schemaRef.changes) {
      if (change.load_id !== this.loadId || change.kind !== 'new_column' || change.column === undefined) continue;
      const column = this.schemaRef.tables[change.table]?.columns[change.column];
      if (column !== undefined) this.createdColumns.set(column, change);
    }
  }

  get schema(): Schema {
    return this.schemaRef;
  }

  /** Every schema change this normalizer made (also appended to `schema.changes`). */
  changes(): SchemaChange[] {
    return [...this.allChanges];
  }

  /** Registers a resource's root table hints. Creates the table (and hinted columns) in the schema. */
  addResource(hints: TableHints): void {
    const tableName = normalizeTableName(hints.table_name || hints.resource, this.maxLength);
    const contract = resolveContract(hints.schema_contract);
    let table = this.schemaRef.tables[tableName];
    if (table === undefined) {
      table = { name: tableName, columns: {} };
      this.schemaRef.tables[tableName] = table;
    }
    table.resource = hints.resource;
    table.write_disposition = hints.write_disposition;
    if (hints.schema_contract !== undefined) table.schema_contract = contract;
    if (hints.max_table_nesting !== undefined) table['x-normalizer'] = { max_nesting: hints.max_table_nesting };

    const state = this.tableState(tableName, undefined, [tableName], hints.write_disposition === 'merge');
    const primaryKey = (hints.primary_key ?? []).map((key) => normalizePath(key, this.maxLength));
    const mergeKey = (hints.merge_key ?? []).map((key) => normalizePath(key, this.maxLength));
    const columnHints = new Map<string, Partial<ColumnSchema>>();
    for (const [raw, hint] of Object.entries(hints.columns ?? {})) columnHints.set(normalizePath(raw, this.maxLength), { ...hint });
    for (const key of primaryKey) columnHints.set(key, { ...columnHints.get(key), primary_key: true, nullable: false });
    for (const key of mergeKey) columnHints.set(key, { ...columnHints.get(key), merge_key: true });

    const wasEmpty = Object.keys(table.columns).length === 0;
    if (wasEmpty && [...columnHints.values()].some((hint) => hint.data_type !== undefined)) {
      this.change({ load_id: this.loadId, table: tableName, kind: 'new_table' });
    }
    for (const [name, hint] of columnHints) {
      delete hint.name;
      const existing = table.columns[name];
      if (hint.data_type === 'json') state.hintedJson.add(name);
      if (existing !== undefined) {
        Object.assign(existing, hint);
        if (hint.data_type !== undefined) state.hintedColumns.add(name);
      } else if (hint.data_type !== undefined) {
        const column: ColumnSchema = { name, nullable: true, ...hint, data_type: hint.data_type };
        table.columns[name] = column;
        state.hintedColumns.add(name);
        this.change({ load_id: this.loadId, table: tableName, kind: 'new_column', column: name, data_type: column.data_type });
      } else {
        state.pendingHints.set(name, hint);
      }
    }
    for (const name of columnHints.keys()) {
      const column = table.columns[name];
      if (column === undefined || (column.source_path === undefined && column.variant_of === undefined)) state.claims.reserve(name);
    }
    this.resources.set(hints.resource, {
      hints,
      root: state,
      contract,
      maxNesting: hints.max_table_nesting ?? table['x-normalizer']?.max_nesting ?? DEFAULT_MAX_NESTING,
      rootKey: hints.write_disposition === 'merge',
    });
    this.flushChanges();
  }

  /**
   * Normalizes one batch of a resource's records. Returns rows per table, parents before children; evolves the
   * schema in place (bumping `version` and `version_hash` when it changed) and records each change.
   */
  normalize(resource: string, records: unknown[]): Map<string, Row[]> {
    const rows = new Map<string, Row[]>();
    for (const [table, batch] of this.normalizeBatch(resource, records)) rows.set(table, batch.toRows());
    return rows;
  }

  /** `normalize`, with each table's rows held by column (what the pipeline writes to its table files). */
  normalizeBatch(resource: string, records: unknown[]): Map<string, TableBatch> {
    const state = this.resources.get(resource);
    if (state === undefined) {
      throw new Error(`resource \`${resource}\` was not registered with addResource: valid resources are: ${[...this.resources.keys()].join(', ')}`);
    }
    const out = new Map<string, TableBatch>();
    batchOf(out, state.root);
    const ctx: RecordContext = {
      resource: state, seq: 0, index: 0, record: undefined, discard: false, rootRow: 0, out,
    };
    try {
      for (let i = 0; i < records.length; i++) {
        ctx.seq = ++this.seq;
        ctx.index = i;
        ctx.record = records[i];
        ctx.discard = false;
        this.normalizeRecord(ctx, records[i]);
      }
    } finally {
      this.flushChanges();
    }
    for (const [name, batch] of out) {
      if (batch.rows === 0) out.delete(name);
      else this.deriveSystemColumns(this.tables.get(name)!, batch);
    }
    return out;
  }

  // ---------------------------------------------------------------------------------------------------------

  /**
   * Row ids are the table's prefix and the row's number in the table (see `rowIdPrefix`), so the batch holds them
   * as that: `_dlt_id` from the batch's first row number, `_dlt_parent_id`/`_dlt_root_id` as the parent's and root's
   * row numbers under their tables' prefixes, and `_dlt_load_id` as one value. The table's next batch numbers on.
   */
  private deriveSystemColumns(table: TableState, batch: TableBatch): void {
    if (table.parent === undefined) {
      batch.deriveConstant(table.loadIdSlot!, this.loadId);
    } else {
      batch.deriveReferences(table.parentIdSlot!, table.parent.idPrefix);
      if (table.rootIdSlot !== undefined) batch.deriveReferences(table.rootIdSlot, table.root.idPrefix);
    }
    batch.deriveIds(table.idSlot!, table.idPrefix, table.nextRow);
    table.nextRow += batch.rows;
  }

  private normalizeRecord(ctx: RecordContext, record: unknown): void {
    const state = ctx.resource;
    const table = state.root;
    if (!this.ensureTable(table, ctx)) return;
    const batch = batchOf(ctx.out, table);
    const lists: ListJob[] = [];
    const level = state.maxNesting;
    if (isPlainObject(record)) {
      this.flatten(table.scope(level), record, batch, lists, ctx);
    } else {
      // dlt wraps non-object items as {"value": item}; the field stands for the element itself
      this.putElement(table.elementScope(level), C_VALUE, record, batch, lists, ctx);
    }
    if (ctx.discard) {
      batch.dropRow();
      return;
    }
    // `_dlt_load_id` and `_dlt_id` are derived for the whole batch (see `deriveSystemColumns`); their slots are
    // taken after the first record's data columns, so that those come first, as in dlt
    table.loadIdSlot ??= table.slotOf(C_DLT_LOAD_ID);
    table.idSlot ??= table.slotOf(C_DLT_ID);
    const rowNumber = table.nextRow + batch.rows;
    ctx.rootRow = rowNumber;
    if (!table.systemReady) this.addSystemColumns(table);
    batch.endRow();
    for (let j = 0; j < lists.length; j++) {
      const job = lists[j]!;
      this.normalizeList(table, job[0], job[1], rowNumber, level - 1, ctx);
    }
  }

  /** The rows of list `seq` in `field`'s nested table, children of `parent`'s row number `parentRow`. */
  private normalizeList(parent: TableState, field: Field, seq: unknown[], parentRow: number, level: number, ctx: RecordContext): void {
    const table = field.listTable ?? (field.listTable = this.childTable(parent, field));
    if (!this.ensureTable(table, ctx)) return;
    const batch = batchOf(ctx.out, table);
    for (let idx = 0; idx < seq.length; idx++) {
      const item = seq[idx];
      const lists: ListJob[] = [];
      let rowLevel = level;
      if (isPlainObject(item)) {
        this.flatten(table.scope(level), item, batch, lists, ctx);
      } else if (Array.isArray(item)) {
        // dlt: a list inside a list becomes an intermediary row {"list": item} one level deeper
        rowLevel = level - 1;
        this.putElement(table.elementScope(rowLevel), C_LIST, item, batch, lists, ctx);
      } else {
        this.putElement(table.elementScope(level), C_VALUE, item, batch, lists, ctx);
      }
      if (ctx.discard) {
        ctx.discard = false;
        batch.dropRow();
        continue;
      }
      if (ctx.resource.rootKey) batch.write(table.rootIdSlot ??= table.slotOf(C_DLT_ROOT_ID), ctx.rootRow);
      batch.write(table.parentIdSlot ??= table.slotOf(C_DLT_PARENT_ID), parentRow);
      batch.write(table.listIdxSlot ??= table.slotOf(C_DLT_LIST_IDX), idx);
      table.idSlot ??= table.slotOf(C_DLT_ID);
      const rowNumber = table.nextRow + batch.rows;
      if (!table.systemReady) this.addSystemColumns(table);
      batch.endRow();
      for (let j = 0; j < lists.length; j++) {
        const job = lists[j]!;
        this.normalizeList(table, job[0], job[1], rowNumber, rowLevel - 1, ctx);
      }
    }
  }

  /** A non-object element: its value lands in `value` (or, for a list, in the `list` child table). */
  private putElement(scope: Scope, key: string, value: unknown, batch: TableBatch, lists: ListJob[], ctx: RecordContext): void {
    if (value === null || value === undefined) return;
    const field = scope.elementField(key);
    if (Array.isArray(value) && !field.json) {
      if (value.length > 0) lists.push([field, value]);
      return;
    }
    this.writeValue(field, value, batch, ctx);
  }

  private flatten(scope: Scope, obj: Record<string, unknown>, batch: TableBatch, lists: ListJob[], ctx: RecordContext): void {
    for (const key in obj) {
      const value = obj[key];
      if (value === null || value === undefined) continue;
      const field = scope.fields.get(key) ?? scope.field(key);
      if (typeof value === 'object' && !field.json) {
        if (Array.isArray(value)) {
          if (value.length > 0) lists.push([field, value]);
          continue;
        }
        if (!(value instanceof Uint8Array) && !(value instanceof Date) && !(value instanceof ExactInteger)) {
          this.flatten(field.child(), value as Record<string, unknown>, batch, lists, ctx);
          if (ctx.discard) return;
          continue;
        }
      }
      this.writeValue(field, value, batch, ctx);
      if (ctx.discard) return;
    }
  }

  private writeValue(field: Field, value: unknown, batch: TableBatch, ctx: RecordContext): void {
    let column = field.column;
    if (column === undefined) {
      const created = this.columnFor(field, value, ctx);
      if (created === undefined) return;
      column = created;
    }
    const to = column.data_type;
    // fast paths: the value already has the column's type
    switch (typeof value) {
      case 'string':
        if (to === 'text' || (to === 'date' && isIsoDate(value)) || (to === 'timestamp' && isIsoDate(value))) {
          batch.write(field.slot, value);
          return;
        }
        if (to === 'timestamp' && isIsoTimestamp(value)) {
          batch.write(field.slot, timestampText(value));
          return;
        }
        break;
      case 'number':
        if (to === 'double' || (to === 'bigint' && Number.isInteger(value) && Math.abs(value) < INT64_LIMIT)) {
          batch.write(field.slot, value);
          return;
        }
        break;
      case 'boolean':
        if (to === 'bool') {
          batch.write(field.slot, value);
          return;
        }
        break;
    }
    const from = inferDataType(value, this.detections) ?? 'text';
    if (to === 'bigint' && from === 'double' && !field.hinted && ctx.resource.contract.data_type === 'evolve') {
      const created = this.createdColumns.get(column);
      if (created !== undefined) {
        // JSON has no integer type: `0` then `0.5` means a double column. Widen a column this load created
        // (nothing was loaded into it yet) instead of splitting its values into a variant.
        if (this.frozen) throw new SchemaWouldChange(field.scope.table.name);
        column.data_type = 'double';
        created.data_type = 'double';
        this.dirty = true;
        batch.write(field.slot, value);
        return;
      }
    }
    if (field.hinted) {
      const coerced = coerceToHint(to, from, value);
      if (coerced !== NO_FIT) {
        batch.write(field.slot, coerced);
        return;
      }
    } else if (fitsInferred(to, from)) {
      batch.write(field.slot, outputValue(to, value));
      return;
    }
    if (column.primary_key === true || column.merge_key === true) {
      // A key column cannot split into a variant: the key would be NULL and the merge could not match the row.
      // Coerce as dlt does (`"1"` into a bigint key), else stop and say which value.
      const coerced = field.hinted ? NO_FIT : coerceToHint(to, from, value);
      if (coerced !== NO_FIT) {
        batch.write(field.slot, coerced);
        return;
      }
      const shown = JSON.stringify(value)?.slice(0, 60) ?? String(value);
      throw new SluiceError('KEY_TYPE_MISMATCH',
        `resource \`${ctx.resource.hints.resource}\`: key column \`${field.scope.table.name}.${column.name}\` is ${to}, and record ${ctx.index + 1} ` +
          `of this batch has ${from} ${shown} there; a primary or merge key keeps one type (hint another with \`columns: {"${column.name}": {"data_type": "text"}}\`)`,
        { details: { resource: ctx.resource.hints.resource, table: field.scope.table.name, column: column.name, expected: to, found: from } });
    }
    this.writeVariant(field, column, from, value, batch, ctx);
  }

  /** Creates (or finds) the column for a field's first value, applying the `columns` contract. */
  private columnFor(field: Field, value: unknown, ctx: RecordContext): ColumnSchema | undefined {
    const table = field.scope.table;
    const identity = JSON.stringify(field.rawPath);
    const name = table.claims.claim(field.desired, identity);
    field.name = name;
    const schemaTable = table.schema!;
    let column = schemaTable.columns[name];
    if (column === undefined) {
      const dataType = inferDataType(value, this.detections) ?? 'text';
      if (!this.allow(table, 'columns', ctx, name, dataType)) return undefined;
      column = { name, data_type: dataType, nullable: true };
      const hint = table.pendingHints.get(name);
      if (hint !== undefined) Object.assign(column, hint, { name, data_type: hint.data_type ?? dataType });
      // a data column named like a dlt column (`_dlt_load_id` in a nested table) must not read as one
      if (!sameStrings(breakPath(name), field.rawPath) || SYSTEM_COLUMNS.has(name)) column.source_path = field.rawPath;
      schemaTable.columns[name] = column;
      const change: SchemaChange = { load_id: this.loadId, table: table.name, kind: 'new_column', column: name, data_type: column.data_type };
      this.createdColumns.set(column, change);
      this.change(change);
    }
    else if (column.source_path === undefined && column.variant_of === undefined && !sameStrings(breakPath(name), field.rawPath)) {
      // a hinted column taken by a key that normalized into its name: remember which key
      column.source_path = field.rawPath;
    }
    field.column = column;
    field.slot = table.slotOf(name);
    field.hinted = table.hintedColumns.has(name);
    return column;
  }

  private writeVariant(field: Field, base: ColumnSchema, from: DataType, value: unknown, batch: TableBatch, ctx: RecordContext): void {
    const table = field.scope.table;
    let name = field.variants?.get(from);
    if (name === undefined) {
      const desired = shortenFragments([base.name, `v_${from}`], this.maxLength);
      name = table.claims.claim(desired, `v:${base.name}:${from}`);
      if (table.schema!.columns[name] === undefined) {
        if (!this.allow(table, 'data_type', ctx, base.name, from)) return;
        table.schema!.columns[name] = { name, data_type: from, nullable: true, variant: true, variant_of: base.name };
        this.change({ load_id: this.loadId, table: table.name, kind: 'variant_column', column: name, data_type: from });
      }
      (field.variants ??= new Map()).set(from, name);
    }
    batch.write(table.slotOf(name), outputValue(from, value));
  }

  /**
   * Applies the contract for a new table/column/variant. Returns false when the value (discard_value) or row
   * (discard_row, which sets `ctx.discard`) must be dropped; throws in freeze mode.
   */
  private allow(table: TableState, entity: ContractEntity, ctx: RecordContext, column?: string, dataType?: string): boolean {
    const contract = ctx.resource.contract;
    // columns of a table created by this very record are part of creating it (the `tables` contract allowed it)
    if (entity !== 'tables' && table.createdSeq === ctx.seq) return true;
    const mode = contract[entity];
    if (mode === 'evolve') return true;
    if (mode === 'freeze') {
      throw new SchemaContractError({
        entity, table: table.name, column, dataType, recordKey: this.recordKey(ctx), resource: ctx.resource.hints.resource,
      });
    }
    if (mode === 'discard_row' || entity === 'tables') ctx.discard = true;
    return false;
  }

  private recordKey(ctx: RecordContext): string {
    const pk = ctx.resource.hints.primary_key ?? [];
    const record = ctx.record;
    if (pk.length > 0 && isPlainObject(record)) {
      return pk.map((key) => `${key}=${JSON.stringify(record[key])}`).join(', ');
    }
    return `#${ctx.index} of the batch`;
  }

  /** Makes sure `table` exists in the schema (applying the `tables` contract). False: skip its rows. */
  private ensureTable(table: TableState, ctx: RecordContext): boolean {
    if (table.ready) return true;
    if (table.hasColumns) {
      table.ready = true;
      return true;
    }
    if (!this.allow(table, 'tables', ctx)) {
      // a refused nested table drops only its own rows; a refused root table drops the record
      if (table.parent !== undefined) ctx.discard = false;
      return false;
    }
    table.createdSeq = ctx.seq;
    table.ready = true;
    if (table.schema === undefined) {
      const parent = table.parent!;
      const schemaTable: TableSchema = { name: table.name, parent: parent.name, columns: {} };
      if (table.sourcePath !== undefined) schemaTable.source_path = table.sourcePath;
      this.schemaRef.tables[table.name] = schemaTable;
      table.schema = schemaTable;
    }
    this.change({ load_id: this.loadId, table: table.name, kind: 'new_table' });
    return true;
  }

  private childTable(parent: TableState, field: Field): TableState {
    const scope = field.scope;
    const fragment = field.rawPath.length === 0 ? field.rawKey : normalizeKey(field.rawKey, this.maxLength);
    const fragments = [...parent.fragments, ...scope.prefix, fragment];
    const desired = shortenFragments(fragments, this.maxLength);
    const identity = `${parent.name}|${JSON.stringify(field.rawPath)}`;
    const name = this.claimTable(desired, identity);
    const existing = this.tables.get(name);
    if (existing !== undefined) return existing;
    const state = this.tableState(name, parent, fragments, parent.rootKey);
    state.sourcePath = field.rawPath;
    if (state.schema !== undefined && state.schema.source_path === undefined) state.schema.source_path = field.rawPath;
    return state;
  }

  private tableClaims: Map<string, string> | undefined;

  /** Table names are claimed like column names, so two lists whose keys normalize alike stay apart. */
  private claimTable(desired: string, identity: string): string {
    if (this.tableClaims === undefined) {
      this.tableClaims = new Map();
      for (const table of Object.values(this.schemaRef.tables)) {
        if (table.parent !== undefined && table.source_path !== undefined) {
          this.tableClaims.set(table.name, `${table.parent}|${JSON.stringify(table.source_path)}`);
        }
      }
    }
    let name = desired;
    for (let attempt = 0; ; attempt++) {
      const owner = this.tableClaims.get(name);
      const inSchema = this.schemaRef.tables[name];
      if (owner === undefined && (inSchema === undefined || inSchema.parent !== undefined)) {
        this.tableClaims.set(name, identity);
        return name;
      }
      if (owner === identity) return name;
      name = shortenFragments([`${desired}_${computeTag(attempt === 0 ? identity : `${identity}#${attempt}`)}`], this.maxLength);
    }
  }

  private tableState(name: string, parent: TableState | undefined, fragments: string[], rootKey: boolean): TableState {
    let state = this.tables.get(name);
    if (state === undefined) {
      state = new TableState(name, fragments, parent, this.maxLength, this.schemaRef.tables[name], rootKey);
      const existing = this.schemaRef.tables[name];
      if (existing !== undefined && Object.keys(existing.columns).some((c) => c === C_DLT_ID)) state.systemReady = true;
      this.tables.set(name, state);
    }
    return state;
  }

  private addSystemColumns(table: TableState): void {
    const columns = table.schema!.columns;
    const add = (name: string, dataType: DataType, extra: Partial<ColumnSchema> = {}): void => {
      if (columns[name] !== undefined) return;
      if (this.frozen) throw new SchemaWouldChange(table.name);
      columns[name] = { name, data_type: dataType, nullable: false, ...extra };
    };
    if (table.parent === undefined) {
      add(C_DLT_LOAD_ID, 'text');
      add(C_DLT_ID, 'text', { unique: true });
    } else {
      if (table.rootKey) add(C_DLT_ROOT_ID, 'text');
      add(C_DLT_PARENT_ID, 'text');
      add(C_DLT_LIST_IDX, 'bigint');
      add(C_DLT_ID, 'text', { unique: true });
    }
    table.systemReady = true;
  }

  private change(change: SchemaChange): void {
    if (this.frozen) throw new SchemaWouldChange(change.table);
    this.pendingChanges.push(change);
  }

  private flushChanges(): void {
    if (this.pendingChanges.length === 0 && !this.dirty) return;
    this.dirty = false;
    for (const change of this.pendingChanges) {
      this.schemaRef.changes.push(change);
      this.allChanges.push(change);
    }
    this.pendingChanges.length = 0;
    this.schemaRef.version += 1;
    this.schemaRef.version_hash = schemaVersionHash(this.schemaRef);
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array) &&
    !(value instanceof Date) && !(value instanceof ExactInteger);
}

/** The batch of `table` in `out`, added (after those of the tables before it) when it has none yet. */
function batchOf(out: Map<string, TableBatch>, table: TableState): TableBatch {
  let batch = out.get(table.name);
  if (batch === undefined) {
    batch = new TableBatch(table.slotNames);
    out.set(table.name, batch);
  }
  return batch;
}

function sameStrings(a: string[], b: string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

