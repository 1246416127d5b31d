import { RangePaginator } from './range-paginator';
import type { RequestSpec } from '../http/request-spec';

export interface OffsetPaginatorOptions {
  limit: number;
  offset?: number;
  offsetParam?: string;
  limitParam?: string;
  offsetBodyPath?: string;
  limitBodyPath?: string;
  /** Default `total`; `null` for none. */
  totalPath?: string | null;
  maximumOffset?: number;
  stopAfterEmptyPage?: boolean;
  hasMorePath?: string;
}

/** `offset`/`limit` paging; `total` counts records. */
export class OffsetPaginator extends RangePaginator {
  readonly type = 'offset';

  constructor(readonly options: OffsetPaginatorOptions) {
    super({
      param: options.offsetParam ?? 'offset',
      bodyPath: options.offsetBodyPath,
      initial: options.offset ?? 0,
      step: options.limit,
      totalPath: options.totalPath === undefined ? 'total' : options.totalPath,
      maximum: options.maximumOffset,
      stopAfterEmptyPage: options.stopAfterEmptyPage ?? true,
      hasMorePath: options.hasMorePath,
      baseIndex: 0,
    });
  }

  protected override apply(request: RequestSpec): void {
    super.apply(request);
    this.put(request, this.options.limitParam ?? 'limit', this.options.limitBodyPath, this.options.limit);
  }

  protected describeEnd(next: number, total: number): string {
    return `offset ${next} ≥ total ${total}`;
  }

  protected describeNext(next: number): string {
    return this.total === undefined ? `next offset ${next}` : `next offset ${next} < total ${this.total}`;
  }

  override get state(): Record<string, unknown> {
    return { offset: this.current, limit: this.options.limit, total: this.total ?? null };
  }
}
