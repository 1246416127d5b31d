import { getField } from '../config/field-path';
import { classifyPlaceholder, renderDeep, renderTemplate } from '../config/placeholders';
import type { ResolvedResourceConfig } from '../config/resolved-config';
import { RecordShapeError } from '../errors/record-shape-error';
import { ExactInteger } from '../http/exact-integer';
import { ResponseParseError } from '../errors/response-parse-error';
import { SluiceError } from '../errors/sluice-error';
import type { QueryValue } from '../http/request-spec';
import { IncrementalCursor } from '../incremental/incremental-cursor';
import type { TableHints } from '../schema/types';
import { limitBatches } from './limit-batches';
import { mergeBounded } from './merge-bounded';
import { toPageInfo } from './page-info';
import { compileProcessingSteps, type RecordStep } from './processing-steps';
import type { SourceRuntime } from './source-runtime';
import type { ExtractContext, RecordBatch, ResourceStateStore, SourceRecord, SourceResource } from './types';

/** Resolves a resource's parent by name (the source's registry: config resources and resources defined in code). */
export type ResourceLookup = (name: string) => SourceResource | undefined;

/**
 * The state a parent sees when it runs only to feed its children: its state from before this run (so the children
 * get the same parent records the parent's own run yields), with writes kept aside (its cursor must not move).
 */
function feederState(state: ResourceStateStore, runtime: SourceRuntime): ResourceStateStore {
  const scratch = new Map<string, Record<string, unknown>>();
  return { get: (r) => scratch.get(r) ?? runtime.initialState(state, r), set: (r, v) => { scratch.set(r, v); } };
}

function queryValue(value: unknown): QueryValue {
  if (value instanceof ExactInteger) return value.digits;
  if (value === null || value === undefined || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (Array.isArray(value) && value.every((v) => ['string', 'number', 'boolean'].includes(typeof v))) return value as QueryValue;
  return JSON.stringify(value);
}

/** A resource declared in the config: one endpoint, paged by the REST client; fans out per parent record if dependent. */
export class EndpointResource implements SourceResource {
  readonly name: string;
  readonly hints: TableHints;
  readonly parent: string | undefined;
  selected: boolean;
  private readonly steps: RecordStep;

  constructor(readonly config: ResolvedResourceConfig, private readonly runtime: SourceRuntime, private readonly lookup: ResourceLookup) {
    this.name = config.name;
    this.hints = config.hints;
    this.parent = config.parent;
    this.selected = config.selected;
    this.steps = compileProcessingSteps(config.name, config.processing_steps);
  }

  extract(context: ExtractContext): AsyncIterable<RecordBatch> {
    return limitBatches(this.run(context, undefined), context.limits);
  }

  /** One request (and its pages) per record of `parentRecords`: the parent's records as another walk yields them. */
  extractFrom(parentRecords: AsyncIterable<SourceRecord>, context: ExtractContext): AsyncIterable<RecordBatch> {
    if (!this.parent) throw new SluiceError('RESOURCE_NOT_DEPENDENT', `resource \`${this.name}\` has no parent to be fed from`);
    return limitBatches(this.run(context, parentRecords), context.limits);
  }

  private async *run(context: ExtractContext, parentRecords: AsyncIterable<SourceRecord> | undefined): AsyncGenerator<RecordBatch> {
    await this.runtime.prepare();
    this.runtime.initialState(context.state, this.name);
    const inc = this.config.endpoint.incremental;
    const cursor = inc ? IncrementalCursor.open(inc, this.name, context.state, `resources[${this.config.index}].endpoint.incremental`) : undefined;
    let failed = false;
    let pages = 0;
    try {
      const batches = this.parent
        ? mergeBounded(parentRecords ?? this.walkParent(context), this.config.concurrency, (record) => this.requestBatches(record, context, cursor))
        : this.requestBatches(undefined, context, cursor);
      for await (const batch of batches) {
        pages++;
        if (batch.page) batch.page.number = pages;
        yield batch;
      }
    } catch (error) {
      failed = true;
      throw error;
    } finally {
      // Also on an early stop (limits): the state then describes what was extracted.
      if (!failed && cursor) cursor.commit(context.state);
    }
  }

  /** Walks the parent on its own (a child extracted alone), as a feeder: its state is read, never moved. */
  private walkParent(context: ExtractContext): AsyncIterable<SourceRecord> {
    const parent = this.lookup(this.parent!);
    if (!parent) throw new SluiceError('RESOURCE_MISSING', `resource \`${this.name}\` depends on \`${this.parent}\`, which is not in this source`);
    const parentContext: ExtractContext = { state: feederState(context.state, this.runtime) };
    if (context.signal) parentContext.signal = context.signal;
    async function* parentRecords(): AsyncGenerator<SourceRecord> {
      for await (const batch of parent!.extract(parentContext)) yield* batch.records;
    }
    return parentRecords();
  }

  /** Renders the endpoint for one parent record (or none) and pages through it. */
  private async *requestBatches(parentRecord: SourceRecord | undefined, context: ExtractContext, cursor: IncrementalCursor | undefined): AsyncGenerator<RecordBatch> {
    const { endpoint } = this.config;
    const legacy = new Set(Object.keys(this.config.resolve_params));
    const lookup = (expr: string): unknown => {
      const p = classifyPlaceholder(expr, legacy);
      if (typeof p === 'string') throw new SluiceError('PLACEHOLDER_UNKNOWN', p);
      switch (p.kind) {
        case 'secret': return this.runtime.secret(p.name);
        case 'incremental': return cursor?.values[p.key];
        case 'resource': return this.parentField(parentRecord, p.field);
        default: return this.parentField(parentRecord, this.config.resolve_params[p.name]!);
      }
    };
    const path = renderTemplate(this.config.path_template, lookup);
    const params: Record<string, QueryValue> = {};
    for (const [key, value] of Object.entries(renderDeep(endpoint.params, lookup, true) as Record<string, unknown>)) params[key] = queryValue(value);
    for (const [name, field] of Object.entries(this.config.resolve_params)) {
      if (!this.config.path_template.some((t) => t.kind === 'placeholder' && t.expr === name)) params[name] = queryValue(this.parentField(parentRecord, field));
    }
    if (cursor && endpoint.incremental?.start_param && cursor.values.start_value != null) params[endpoint.incremental.start_param] = queryValue(cursor.values.start_value);
    if (cursor && endpoint.incremental?.end_param && cursor.values.end_value != null) params[endpoint.incremental.end_param] = queryValue(cursor.values.end_value);

    const client = this.runtime.clientFor(this.config);
    const options: Parameters<typeof client.paginate>[1] = {
      method: endpoint.method,
      params,
      headers: renderDeep(endpoint.headers, lookup, false) as Record<string, string>,
    };
    if (endpoint.json !== undefined) options.json = renderDeep(endpoint.json, lookup, true);
    if (endpoint.data !== undefined) options.data = renderDeep(endpoint.data, lookup, true) as Record<string, string>;
    if (endpoint.paginator) options.paginator = endpoint.paginator;
    if (endpoint.data_selector) options.dataSelector = endpoint.data_selector;
    if (endpoint.response_actions) options.responseActions = endpoint.response_actions;
    if (context.signal) options.signal = context.signal;

    for await (const page of client.paginate(path, options)) {
      if (!page.selector.matched && !page.selector.detected && page.data !== undefined && !page.ignored) {
        // A selector that matches an empty list or null is a valid empty page; one that matches nothing is a config
        // mistake that would otherwise load zero rows and "succeed".
        throw new ResponseParseError(
          `resource \`${this.name}\`: data_selector \`${page.selector.path}\` matched nothing; the body is ${describeShape(page.data)}`,
          { method: page.request.method, url: page.request.url },
        );
      }
      let records = page.records.map((record, index) => {
        if (record === null || typeof record !== 'object' || Array.isArray(record) || record instanceof ExactInteger) {
          throw new RecordShapeError({ resource: this.name, url: page.request.url, page: page.number, index, found: Array.isArray(record) ? 'a list' : record instanceof ExactInteger ? record.digits : JSON.stringify(record) ?? 'undefined' });
        }
        return record as SourceRecord;
      });
      if (parentRecord && this.config.include_from_parent.length > 0) {
        records = records.map((r) => {
          const extra: SourceRecord = {};
          for (const field of this.config.include_from_parent) extra[`_${this.parent}_${field}`] = getField(parentRecord, field);
          return { ...r, ...extra };
        });
      }
      let pristine = !(parentRecord && this.config.include_from_parent.length > 0) && this.config.processing_steps.length === 0;
      let stop = false;
      if (cursor) {
        const received = records.length;
        ({ records, stop } = cursor.filter(records));
        if (records.length !== received) pristine = false;
      }
      records = await this.steps(records);
      const batch: RecordBatch = { records, page: toPageInfo(page, page.number) };
      if (pristine && page.text !== '') batch.pageBody = { text: page.text, dataSelector: page.selector.path };
      yield batch;
      if (stop) return;
    }
  }

  private parentField(record: SourceRecord | undefined, field: string): unknown {
    const value = getField(record, field);
    // A null would become an empty path segment (`posts//comments`) or a dropped param: another endpoint's data.
    if (value === undefined || value === null) {
      const found = value === undefined ? `has no field \`${field}\`` : `has \`${field}\`: null`;
      throw new SluiceError('PARENT_FIELD_MISSING',
        `resource \`${this.name}\`: a record of parent \`${this.parent}\` ${found}; expected a value in every parent record ` +
          '(leave such records out with a `filter` processing step on the parent)',
        { details: { resource: this.name, parent: this.parent, field } });
    }
    return value;
  }
}

/** What a body looks like, in words, for an error: `an object with keys: data, next`. */
function describeShape(value: unknown): string {
  if (Array.isArray(value)) return `a list of ${value.length} items`;
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value);
    return keys.length === 0 ? 'an empty object' : `an object with keys: ${keys.slice(0, 20).join(', ')}${keys.length > 20 ? ', …' : ''}`;
  }
  return `the ${typeof value} ${JSON.stringify(value)?.slice(0, 80)}`;
}
