import { SluiceError } from './sluice-error';

/** Longest body excerpt an error message carries. */
export const BODY_EXCERPT_LIMIT = 500;

export function bodyExcerpt(body: string, limit = BODY_EXCERPT_LIMIT): string {
  const flat = body.replace(/\s+/g, ' ').trim();
  return flat.length > limit ? `${flat.slice(0, limit)}… (${flat.length - limit} more characters)` : flat;
}

/**
 * The server answered with an error status:
 * `GET https://api.example.com/items?api_key=*** failed: 404 Not Found: <body excerpt>`. `url` is already redacted.
 */
export class HttpError extends SluiceError {
  readonly status: number;

  constructor(
    init: { method: string; url: string; status: number; statusText: string; body: string; attempts?: number },
    options: { cause?: unknown } = {},
  ) {
    const excerpt = bodyExcerpt(init.body);
    const tries = init.attempts !== undefined && init.attempts > 1 ? ` (after ${init.attempts} attempts)` : '';
    super(
      'HTTP_STATUS',
      `${init.method} ${init.url} failed: ${init.status} ${init.statusText}${tries}${excerpt ? `: ${excerpt}` : ''}`,
      {
        cause: options.cause,
        details: { method: init.method, url: init.url, status: init.status, body: excerpt, attempts: init.attempts },
      },
    );
    this.name = 'HttpError';
    this.status = init.status;
  }
}
