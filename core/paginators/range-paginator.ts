import { BasePaginator } from './base';
import { setDottedValue } from '../http/json-path';
import { PaginationError } from '../errors/pagination-error';
import { hasMoreIsFalse, readTotal } from './stop-rules';
import type { RequestSpec, ResponseInfo } from '../http/request-spec';

export interface RangeOptions {
  param: string;
  bodyPath: string | undefined;
  initial: number;
  step: number;
  totalPath: string | null | undefined;
  maximum: number | undefined;
  stopAfterEmptyPage: boolean;
  hasMorePath: string | undefined;
  /** What `total` counts from: 0 for offsets, `base_page` for page numbers. */
  baseIndex: number;
}

/**
 * Shared rules of offset and page-number paging: the value advances by `step` after every page; paging stops on
 * `has_more` false, an empty page, value ≥ total, or value ≥ maximum. A null or missing total is "unknown".
 */
export abstract class RangePaginator extends BasePaginator {
  current: number;
  total: number | undefined;

  constructor(readonly range: RangeOptions) {
    super();
    this.current = range.initial;
  }

  /** Words for the reason, e.g. `offset 300 ≥ total 250`. */
  protected abstract describeEnd(next: number, total: number): string;
  protected abstract describeNext(next: number): string;

  override initRequest(request: RequestSpec): void {
    super.initRequest(request);
    this.current = this.range.initial;
    this.total = undefined;
    this.apply(request);
  }

  updateState(_response: ResponseInfo, data: unknown, records: readonly unknown[]): void {
    const r = this.range;
    this.total = readTotal(data, r.totalPath);
    const next = this.current + r.step;
    if (hasMoreIsFalse(data, r.hasMorePath)) return this.stop(`\`${r.hasMorePath}\` is false`);
    if (r.stopAfterEmptyPage && records.length === 0) return this.stop('empty page');
    if (this.total !== undefined && next >= this.total + r.baseIndex) return this.stop(this.describeEnd(next, this.total));
    if (r.maximum !== undefined && next >= r.maximum) return this.stop(`${r.param} ${next} ≥ maximum ${r.maximum}`);
    if (this.total === undefined && !r.stopAfterEmptyPage && r.maximum === undefined && r.hasMorePath === undefined) {
      throw new PaginationError(
        `\`${this.type}\` paginator cannot tell where the data ends: no total at \`${r.totalPath}\` and no other stop ` +
          'rule; expected a total in the response, or set `stop_after_empty_page`, a maximum or `has_more_path`',
        { paginator: this.type, total_path: r.totalPath },
      );
    }
    this.current = next;
    this.next(this.total === undefined ? `${this.describeNext(next)} (total unknown)` : this.describeNext(next));
  }

  updateRequest(request: RequestSpec): void {
    this.apply(request);
  }

  /** Puts the current value into the query params or the JSON body; subclasses add more (the limit). */
  protected apply(request: RequestSpec): void {
    this.put(request, this.range.param, this.range.bodyPath, this.current);
  }

  protected put(request: RequestSpec, param: string, bodyPath: string | undefined, value: number): void {
    if (bodyPath) {
      const body = typeof request.json === 'object' && request.json !== null ? structuredClone(request.json) : {};
      setDottedValue(body as Record<string, unknown>, bodyPath, value);
      request.json = body;
    } else {
      request.params = { ...request.params, [param]: value };
    }
  }
}
