import { SluiceError } from './sluice-error';

/**
 * A destination could not do what was asked (open the database, create or evolve a table, load a table, commit).
 * `operation` says what, `table` and `loadId` where; the destination's own message follows.
 */
export class DestinationError extends SluiceError {
  readonly destination: string;
  readonly operation: string;
  readonly table: string | undefined;
  readonly loadId: string | undefined;

  constructor(
    init: { destination: string; operation: string; problem: string; table?: string; loadId?: string; dataset?: string },
    options: { cause?: unknown } = {},
  ) {
    const where = [
      init.table ? `table \`${init.table}\`` : '',
      init.dataset ? `dataset \`${init.dataset}\`` : '',
      init.loadId ? `load ${init.loadId}` : '',
    ].filter(Boolean).join(', ');
    super('DESTINATION_FAILED', `${init.destination}: ${init.operation} failed${where ? ` (${where})` : ''}: ${init.problem}`, {
      cause: options.cause,
      details: { destination: init.destination, operation: init.operation, table: init.table, loadId: init.loadId, dataset: init.dataset },
    });
    this.name = 'DestinationError';
    this.destination = init.destination;
    this.operation = init.operation;
    this.table = init.table;
    this.loadId = init.loadId;
  }
}
