import { breakPath, computeTag, normalizePath, shortenFragments, shortenIdentifier } from '../schema/naming';
import type { ColumnSchema, DataType, TableSchema } from '../schema/types';
import { rowIdPrefix } from './row-id';

/** dlt's system columns. */
export const C_DLT_ID = '_dlt_id';
export const C_DLT_LOAD_ID = '_dlt_load_id';
export const C_DLT_PARENT_ID = '_dlt_parent_id';
export const C_DLT_LIST_IDX = '_dlt_list_idx';
export const C_DLT_ROOT_ID = '_dlt_root_id';
/** Column of a list-of-scalars table, and the key a non-object record is wrapped in. */
export const C_VALUE = 'value';
/** Key of dlt's intermediary row for a list inside a list. */
export const C_LIST = 'list';
/** dlt's name for a key that is empty or whitespace only. */
export const EMPTY_KEY = '_empty';

export const SYSTEM_COLUMNS: ReadonlySet<string> = new Set([C_DLT_ID, C_DLT_LOAD_ID, C_DLT_PARENT_ID, C_DLT_LIST_IDX, C_DLT_ROOT_ID]);

const ANY = '\u0000any';

/** Who a column name belongs to: the raw key path it holds, a variant of another column, or dlt itself. */
export function columnIdentity(column: ColumnSchema): string {
  if (column.variant_of !== undefined) return `v:${column.variant_of}:${column.data_type}`;
  if (column.source_path === undefined && SYSTEM_COLUMNS.has(column.name)) return `sys:${column.name}`;
  return JSON.stringify(column.source_path ?? breakPath(column.name));
}

/** Normalized form of one raw key, as a path fragment (dlt: `normalize_path`, `_empty` for blank keys). */
export function normalizeKey(rawKey: string, maxLength: number | undefined): string {
  try {
    return normalizePath(rawKey, maxLength);
  } catch {
    return EMPTY_KEY;
  }
}

/**
 * Gives out names so that two different sources never share one: the first claimant of a name keeps it, a
 * later one with another identity gets the name plus `_` and a tag hashed from its identity (stable across
 * runs, because the identity is stored in the schema as `source_path` / `variant_of`).
 */
export class NameClaims {
  private readonly owners = new Map<string, string>();
  /** identity → name, so a source keeps the name it got in an earlier run even when the plain one is free. */
  private readonly names = new Map<string, string>();

  constructor(private readonly maxLength: number | undefined) {}

  set(name: string, identity: string): void {
    this.owners.set(name, identity);
    if (!this.names.has(identity)) this.names.set(identity, name);
  }

  /** A hinted name: whichever source claims it first owns it (a hint names the column, not the raw key). */
  reserve(name: string): void {
    const owner = this.owners.get(name);
    if (owner !== undefined && this.names.get(owner) === name) this.names.delete(owner);
    this.owners.set(name, ANY);
  }

  /** The name `identity` has or would get without claiming it; undefined if that needs a new tagged name. */
  peek(desired: string, identity: string): string | undefined {
    const known = this.names.get(identity);
    if (known !== undefined) return known;
    const owner = this.owners.get(desired);
    return owner === undefined || owner === ANY || owner === identity ? desired : undefined;
  }

  claim(desired: string, identity: string): string {
    const known = this.names.get(identity);
    if (known !== undefined) return known;
    let name = desired;
    for (let attempt = 0; ; attempt++) {
      const owner = this.owners.get(name);
      if (owner === undefined || owner === ANY) {
        this.set(name, identity);
        return name;
      }
      const tag = computeTag(attempt === 0 ? identity : `${identity}#${attempt}`);
      name = shortenIdentifier(`${desired}_${tag}`, `${desired}_${tag}`, this.maxLength);
    }
  }
}

/** One key seen at one place of a table's rows: its names and, once known, its column. */
export class Field {
  /** Column name asked for (path fragments joined and shortened), before collision handling. */
  readonly desired: string;
  readonly rawPath: string[];
  /** True when nested values here stay whole in a json column (nesting limit reached, or a json hint). */
  readonly json: boolean;
  name: string | undefined;
  column: ColumnSchema | undefined;
  /** The column's slot in the table's batches (see TableBatch), set with `column`. */
  slot = -1;
  hinted = false;
  variants: Map<DataType, string> | undefined;
  private childScope: Scope | undefined;
  listTable: TableState | undefined;

  constructor(readonly scope: Scope, readonly rawKey: string, readonly normKey: string, rawPath: string[]) {
    this.rawPath = rawPath;
    this.desired = scope.prefix.length === 0 ? normKey : shortenFragments([...scope.prefix, normKey], scope.table.maxLength);
    // dlt keeps nested values whole when the nesting limit is reached or the column is typed json
    const own = scope.table.claims.peek(this.desired, JSON.stringify(rawPath));
    this.json = scope.level <= 0 || (own !== undefined &&
      (scope.table.schema?.columns[own]?.data_type === 'json' || scope.table.hintedJson.has(own)));
  }

  child(): Scope {
    this.childScope ??= new Scope(this.scope.table, [...this.scope.prefix, this.normKey], this.rawPath, this.scope.level - 1);
    return this.childScope;
  }
}

/** The keys met at one nesting depth of a table's rows (a flattened object shares its row's table). */
export class Scope {
  readonly fields = new Map<string, Field>();

  constructor(readonly table: TableState, readonly prefix: string[], readonly rawPrefix: string[], readonly level: number) {}

  field(rawKey: string): Field {
    let field = this.fields.get(rawKey);
    if (field === undefined) {
      field = new Field(this, rawKey, normalizeKey(rawKey, this.table.maxLength), [...this.rawPrefix, rawKey]);
      this.fields.set(rawKey, field);
    }
    return field;
  }

  /** A field standing for the element itself (list of scalars, wrapped records, lists of lists). */
  elementField(key: string): Field {
    let field = this.fields.get(key);
    if (field === undefined) {
      field = new Field(this, key, key, []);
      this.fields.set(key, field);
    }
    return field;
  }
}

/** Runtime companion of one table: caches that make the per-value work a map lookup. */
export class TableState {
  schema: TableSchema | undefined;
  readonly claims: NameClaims;
  readonly hintedJson = new Set<string>();
  /** Column hints without a type (primary_key, partition...), applied when the column appears. */
  readonly pendingHints = new Map<string, Partial<ColumnSchema>>();
  readonly hintedColumns = new Set<string>();
  /** Sequence number of the record that created the table (new columns then belong to the new table). */
  createdSeq = -1;
  /** The table exists in the schema (with columns, or created by this normalizer). */
  ready = false;
  systemReady = false;
  /** Nested tables: raw key path of the list, relative to the parent row. */
  sourcePath: string[] | undefined;
  private readonly scopes = new Map<number, Scope>();
  private readonly elementScopes = new Map<number, Scope>();
  /** Column name of each slot of this table's batches (see TableBatch): a name keeps its slot; only appended to. */
  readonly slotNames: string[] = [];
  private readonly slots = new Map<string, number>();
  /** Slots of the system columns, taken on first use (so that a row's data columns come first, as in dlt). */
  loadIdSlot: number | undefined;
  idSlot: number | undefined;
  parentIdSlot: number | undefined;
  listIdxSlot: number | undefined;
  rootIdSlot: number | undefined;
  /** Row ids of this table in this normalizer: `idPrefix` + the row's number, counted from 0 (see `rowIdPrefix`). */
  readonly idPrefix = rowIdPrefix();
  nextRow = 0;

  constructor(
    readonly name: string,
    /** Normalized path fragments naming this table (root: its normalized name). */
    readonly fragments: string[],
    readonly parent: TableState | undefined,
    readonly maxLength: number | undefined,
    schema: TableSchema | undefined,
    readonly rootKey: boolean,
  ) {
    this.schema = schema;
    this.claims = new NameClaims(maxLength);
    const system = parent === undefined ? [C_DLT_LOAD_ID, C_DLT_ID] : [C_DLT_ROOT_ID, C_DLT_PARENT_ID, C_DLT_LIST_IDX, C_DLT_ID];
    for (const name of system) this.claims.set(name, `sys:${name}`);
    if (schema) for (const column of Object.values(schema.columns)) this.claims.set(column.name, columnIdentity(column));
  }

  scope(level: number): Scope {
    let scope = this.scopes.get(level);
    if (scope === undefined) {
      scope = new Scope(this, [], [], level);
      this.scopes.set(level, scope);
    }
    return scope;
  }

  /** Scope of rows that wrap a non-object element (`value`, or `list` for a list of lists). */
  elementScope(level: number): Scope {
    let scope = this.elementScopes.get(level);
    if (scope === undefined) {
      scope = new Scope(this, [], [], level);
      this.elementScopes.set(level, scope);
    }
    return scope;
  }

  /** The slot of column `name` in this table's batches. */
  slotOf(name: string): number {
    let slot = this.slots.get(name);
    if (slot === undefined) {
      slot = this.slotNames.length;
      this.slotNames.push(name);
      this.slots.set(name, slot);
    }
    return slot;
  }

  /** The root table of this table's tree (itself for a root table). */
  get root(): TableState {
    return this.parent === undefined ? this : this.parent.root;
  }

  get hasColumns(): boolean {
    return this.schema !== undefined && Object.keys(this.schema.columns).length > 0;
  }
}
