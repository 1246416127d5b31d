import { SluiceError } from './sluice-error';

/**
 * A paginator was handed a next link or cursor it had already followed: continuing would loop forever.
 * `value` is already redacted.
 */
export class PaginationLoopError extends SluiceError {
  constructor(init: { paginator: string; kind: 'next link' | 'cursor'; value: string; pages: number }) {
    super(
      'PAGINATION_LOOP',
      `\`${init.paginator}\` paginator saw the same ${init.kind} twice (\`${init.value}\`) after ${init.pages} page(s): ` +
        'stopped instead of looping forever; expected a new value on every page',
      { details: { ...init } },
    );
    this.name = 'PaginationLoopError';
  }
}
