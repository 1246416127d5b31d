import { SluiceError } from './sluice-error';

/** A record has no value at the incremental cursor path and `on_cursor_value_missing` is `raise`. */
export class IncrementalCursorError extends SluiceError {
  constructor(resource: string, cursorPath: string, configPath?: string) {
    super('INCREMENTAL_CURSOR_MISSING',
      `A record of resource \`${resource}\` has no value at the cursor path \`${cursorPath}\`; ` +
      'expected every record to have one (`on_cursor_value_missing: raise`); set `on_cursor_value_missing` to `include` or `exclude` to accept such records' +
      (configPath ? ` (at \`${configPath}\`)` : ''),
      { details: { resource, cursorPath } });
    this.name = 'IncrementalCursorError';
  }
}
