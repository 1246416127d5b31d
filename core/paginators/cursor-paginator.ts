import { BasePaginator } from './base';
import { findJsonValue, setDottedValue } from '../http/json-path';
import { hasMoreIsFalse } from './stop-rules';
import type { RequestSpec, ResponseInfo } from '../http/request-spec';

export interface CursorPaginatorOptions {
  cursorPath?: string;
  cursorParam?: string;
  cursorBodyPath?: string;
  hasMorePath?: string;
  stopAfterEmptyPage?: boolean;
}

/**
 * The next cursor is in the body at `cursor_path` and goes back as a query param or, for POST APIs, into the JSON
 * body at `cursor_body_path`. Stops when the cursor is missing, `has_more` is false or (optionally) a page is empty.
 */
export class CursorPaginator extends BasePaginator {
  readonly type = 'cursor';
  readonly cursorPath: string;
  private cursor: string | number | undefined;

  constructor(readonly options: CursorPaginatorOptions = {}) {
    super();
    this.cursorPath = options.cursorPath ?? 'cursors.next';
  }

  override initRequest(request: RequestSpec): void {
    super.initRequest(request);
    this.cursor = undefined;
  }

  updateState(_response: ResponseInfo, data: unknown, records: readonly unknown[]): void {
    const value = findJsonValue(data, this.cursorPath);
    this.cursor = typeof value === 'string' || typeof value === 'number' ? value : undefined;
    const { hasMorePath, stopAfterEmptyPage } = this.options;
    if (hasMoreIsFalse(data, hasMorePath)) this.stop(`\`${hasMorePath}\` is false`);
    else if (stopAfterEmptyPage && records.length === 0) this.stop('empty page');
    else if (this.cursor === undefined || this.cursor === '') this.stop(`no cursor in \`${this.cursorPath}\``);
    else if (this.remember('cursor', String(this.cursor))) this.next(`cursor in \`${this.cursorPath}\``);
  }

  updateRequest(request: RequestSpec): void {
    if (this.cursor === undefined) return;
    if (this.options.cursorBodyPath) {
      const body = typeof request.json === 'object' && request.json !== null ? structuredClone(request.json) : {};
      setDottedValue(body as Record<string, unknown>, this.options.cursorBodyPath, this.cursor);
      request.json = body;
    } else {
      request.params = { ...request.params, [this.options.cursorParam ?? 'cursor']: this.cursor };
    }
  }

  override get state(): Record<string, unknown> {
    return { cursor: this.cursor ?? null };
  }
}
