import { RangePaginator } from './range-paginator';

export interface PageNumberPaginatorOptions {
  basePage?: number;
  page?: number;
  pageParam?: string;
  pageBodyPath?: string;
  /** Default `total` (a number of pages); `null` for none. */
  totalPath?: string | null;
  maximumPage?: number;
  stopAfterEmptyPage?: boolean;
  hasMorePath?: string;
}

/** `page` paging; `total` counts pages, numbered from `base_page`. */
export class PageNumberPaginator extends RangePaginator {
  readonly type = 'page_number';

  constructor(readonly options: PageNumberPaginatorOptions = {}) {
    const base = options.basePage ?? 0;
    super({
      param: options.pageParam ?? 'page',
      bodyPath: options.pageBodyPath,
      initial: options.page ?? base,
      step: 1,
      totalPath: options.totalPath === undefined ? 'total' : options.totalPath,
      maximum: options.maximumPage,
      stopAfterEmptyPage: options.stopAfterEmptyPage ?? true,
      hasMorePath: options.hasMorePath,
      baseIndex: base,
    });
  }

  protected describeEnd(_next: number, total: number): string {
    return `page ${this.current} was the last of ${total} page(s)`;
  }

  protected describeNext(next: number): string {
    return this.total === undefined ? `next page ${next}` : `next page ${next} of ${this.total}`;
  }

  override get state(): Record<string, unknown> {
    return { page: this.current, total_pages: this.total ?? null };
  }
}
