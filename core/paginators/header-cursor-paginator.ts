import { BasePaginator } from './base';
import type { RequestSpec, ResponseInfo } from '../http/request-spec';

/** The next cursor is in a response header (`cursor_key`) and goes back as the `cursor_param` query param. */
export class HeaderCursorPaginator extends BasePaginator {
  readonly type = 'header_cursor';
  private cursor: string | undefined;

  constructor(readonly cursorKey = 'next', readonly cursorParam = 'cursor') {
    super();
  }

  override initRequest(request: RequestSpec): void {
    super.initRequest(request);
    this.cursor = undefined;
  }

  updateState(response: ResponseInfo): void {
    const value = response.headers.get(this.cursorKey);
    this.cursor = value ?? undefined;
    if (!value) this.stop(`no \`${this.cursorKey}\` header`);
    else if (this.remember('cursor', value)) this.next(`cursor in the \`${this.cursorKey}\` header`);
  }

  updateRequest(request: RequestSpec): void {
    if (this.cursor !== undefined) request.params = { ...request.params, [this.cursorParam]: this.cursor };
  }

  override get state(): Record<string, unknown> {
    return { cursor: this.cursor ?? null };
  }
}
