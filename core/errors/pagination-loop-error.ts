import { SluiceError } from './sluice-error';

/**
 * A paginator was handed a next link or cursor it had already followed, or the API answered the next page with the
 * very response it gave for the last one (it ignores the paging parameter): continuing would loop forever.
 * `value` is already redacted.
 */
export class PaginationLoopError extends SluiceError {
  constructor(init: { paginator: string; kind: 'next link' | 'cursor' | 'response'; value: string; pages: number }) {
    const what = init.kind === 'response'
      ? `got the same response twice in a row (to \`${init.value}\`) after ${init.pages} page(s), as if the API ignored the paging parameter: ` +
        'stopped instead of loading it again and again; expected a different page each time'
      : `saw the same ${init.kind} twice (\`${init.value}\`) after ${init.pages} page(s): stopped instead of looping forever; expected a new value on every page`;
    super('PAGINATION_LOOP', `\`${init.paginator}\` paginator ${what}`, { details: { ...init } });
    this.name = 'PaginationLoopError';
  }
}
