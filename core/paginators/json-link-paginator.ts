import { NextUrlPaginator } from './next-url-paginator';
import { findJsonValue } from '../http/json-path';
import type { ResponseInfo } from '../http/request-spec';

/** The next URL is in the body at `next_url_path` (default `next`); paging stops when it is missing or null. */
export class JsonLinkPaginator extends NextUrlPaginator {
  readonly type = 'json_link';

  constructor(readonly nextUrlPath = 'next') {
    super();
  }

  updateState(response: ResponseInfo, data: unknown): void {
    const link = findJsonValue(data, this.nextUrlPath);
    this.follow(response, link, `next URL in \`${this.nextUrlPath}\``, `no next URL in \`${this.nextUrlPath}\``);
  }
}
