import { SluiceError } from './sluice-error';

/** A single response body grew past the client's `maxResponseBytes`: a page is buffered whole, so it is capped. */
export class ResponseTooLargeError extends SluiceError {
  constructor(init: { method: string; url: string; limit: number }) {
    super(
      'RESPONSE_TOO_LARGE',
      `${init.method} ${init.url}: response body is larger than ${init.limit} bytes (maxResponseBytes); ` +
        'expected smaller pages: lower the page size (`limit`, `per_page`) or raise maxResponseBytes',
      { details: { ...init } },
    );
    this.name = 'ResponseTooLargeError';
  }
}
