import type { Page } from '../http/page';
import type { PageInfo } from './types';

/** The redacted facts of a page that travel with its records (preview, progress). */
export function toPageInfo(page: Page, number: number): PageInfo {
  const detected = page.paginator.detected;
  return {
    number,
    method: page.request.method,
    url: page.request.url,
    status: page.response.status,
    elapsedMs: page.response.elapsedMs,
    bytes: page.response.bytes,
    paginator: {
      type: detected ? detected.type : page.paginator.type,
      hasNext: page.paginator.hasNext,
      reason: detected && page.number === 1
        ? `detected \`${detected.type}\` (${detected.reason}); ${page.paginator.reason}`
        : page.paginator.reason,
    },
    retries: page.retries.length,
  };
}
