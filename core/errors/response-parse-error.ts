import { SluiceError } from './sluice-error';
import { bodyExcerpt } from './http-error';

/** A response body was not what the config said it would be (not JSON, no records where the selector points). */
export class ResponseParseError extends SluiceError {
  constructor(message: string, init: { method: string; url: string; body?: string; position?: number }, options: { cause?: unknown } = {}) {
    const excerpt = init.body === undefined ? undefined : bodyExcerpt(init.body, 200);
    super('RESPONSE_PARSE', `${init.method} ${init.url}: ${message}${excerpt ? `; body starts: ${excerpt}` : ''}`, {
      cause: options.cause,
      details: { method: init.method, url: init.url, position: init.position, body: excerpt },
    });
    this.name = 'ResponseParseError';
  }
}
