import type { RequestSpec, ResponseInfo } from '../http/request-spec';

/**
 * Base of every paginator. A paginator holds state only; the client does all I/O:
 * `initRequest` (before the first request) → request → `updateState` (with the response, parsed body and the selected
 * records) → if `hasNextPage`, `updateRequest` → next request. `reason` says, in a human sentence, why there is a
 * next page or why paging stopped. Custom paginators extend this and are registered with `registerPaginator`.
 */
export abstract class BasePaginator {
  /** The config `type` this paginator answers to (`json_link`, or a custom name). */
  abstract readonly type: string;
  hasNextPage = true;
  reason = 'first page';
  /** Set instead of looping forever: the client reports it as a PaginationLoopError after yielding the page. */
  loop: { kind: 'next link' | 'cursor'; value: string } | undefined;
  private seen = new Set<string>();
  /** How many recent next links/cursors are remembered: memory stays bounded on walks of millions of pages. */
  static loopMemory = 10_000;

  /** Called once before the first request; resets state so an instance can walk again. */
  initRequest(_request: RequestSpec): void {
    this.hasNextPage = true;
    this.reason = 'first page';
    this.loop = undefined;
    this.seen.clear();
  }

  abstract updateState(response: ResponseInfo, data: unknown, records: readonly unknown[]): void;

  abstract updateRequest(request: RequestSpec): void;

  /** Plain-data state for the preview (current offset, cursor, next URL...). */
  get state(): Record<string, unknown> {
    return {};
  }

  protected next(reason: string): void {
    this.hasNextPage = true;
    this.reason = reason;
  }

  protected stop(reason: string): void {
    this.hasNextPage = false;
    this.reason = reason;
  }

  /** Remembers a next link or cursor; returns false (and stops) when it was seen before. */
  protected remember(kind: 'next link' | 'cursor', value: string): boolean {
    if (this.seen.has(value)) {
      this.loop = { kind, value };
      this.stop(`the same ${kind} was seen twice`);
      return false;
    }
    this.seen.add(value);
    if (this.seen.size > BasePaginator.loopMemory) this.seen.delete(this.seen.values().next().value as string);
    return true;
  }
}
