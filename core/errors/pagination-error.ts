import { SluiceError } from './sluice-error';

/** A paginator cannot decide how to continue from what the API answered (e.g. no total and no other stop rule). */
export class PaginationError extends SluiceError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super('PAGINATION_FAILED', message, { details });
    this.name = 'PaginationError';
  }
}
