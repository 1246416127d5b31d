import { NextUrlPaginator } from './next-url-paginator';
import { parseLinkHeader } from './link-header';
import type { ResponseInfo } from '../http/request-spec';

/** GitHub style: the next URL is in `Link: <url>; rel="next"`; paging stops when there is no such link. */
export class HeaderLinkPaginator extends NextUrlPaginator {
  readonly type = 'header_link';

  constructor(readonly linksNextKey = 'next') {
    super();
  }

  updateState(response: ResponseInfo): void {
    const link = parseLinkHeader(response.headers.get('link')).get(this.linksNextKey.toLowerCase());
    this.follow(response, link, `\`Link: rel=${this.linksNextKey}\` header`, `no \`Link: rel=${this.linksNextKey}\` header`);
  }
}
