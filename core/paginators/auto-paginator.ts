import { BasePaginator } from './base';
import { detectPaginator, type PaginatorDetection } from './detect';
import type { RequestSpec, ResponseInfo } from '../http/request-spec';

/** `type: "auto"`: detects the style from the first response, then delegates to the detected paginator. */
export class AutoPaginator extends BasePaginator {
  readonly type = 'auto';
  detection: PaginatorDetection | undefined;

  override initRequest(request: RequestSpec): void {
    super.initRequest(request);
    this.detection = undefined;
  }

  updateState(response: ResponseInfo, data: unknown, records: readonly unknown[]): void {
    if (!this.detection) {
      this.detection = detectPaginator(response, data);
      // The first request went out without paging params; start the detected paginator on a scratch copy.
      this.detection.paginator.initRequest({ method: 'GET', url: response.url, params: {}, headers: {} });
    }
    const inner = this.detection.paginator;
    inner.updateState(response, data, records);
    this.hasNextPage = inner.hasNextPage;
    this.loop = inner.loop;
    this.reason = inner.reason;
  }

  updateRequest(request: RequestSpec): void {
    this.detection?.paginator.updateRequest(request);
  }

  override get state(): Record<string, unknown> {
    const d = this.detection;
    return d ? { detected: d.type, score: d.score, why: d.reason, ...d.paginator.state } : {};
  }
}
