import { BasePaginator } from './base';
import type { RequestSpec, ResponseInfo } from '../http/request-spec';

/**
 * Shared rules of the next-URL paginators (JSON link, Link header): the next URL is resolved against the URL just
 * requested, replaces the request URL and drops the original query params (the link carries its own).
 */
export abstract class NextUrlPaginator extends BasePaginator {
  protected nextUrl: string | undefined;

  override initRequest(request: RequestSpec): void {
    super.initRequest(request);
    this.nextUrl = undefined;
  }

  /** Subclasses call this with the raw link (or undefined) and the words for `reason`. */
  protected follow(response: ResponseInfo, link: unknown, found: string, missing: string): void {
    if (this.nextUrl === undefined) this.remember('next link', response.url);
    if (typeof link !== 'string' || link.trim() === '') {
      this.nextUrl = undefined;
      this.stop(missing);
      return;
    }
    const url = new URL(link, response.url).href;
    this.nextUrl = url;
    if (this.remember('next link', url)) this.next(found);
  }

  updateRequest(request: RequestSpec): void {
    if (this.nextUrl === undefined) return;
    request.url = this.nextUrl;
    request.params = {};
  }

  override get state(): Record<string, unknown> {
    return { next_url: this.nextUrl ?? null };
  }
}
