import { SluiceError } from './sluice-error';

/** A resource yielded something that is not a JSON object where a record was expected. */
export class RecordShapeError extends SluiceError {
  /** `index` is the record's 0-based position in its page. */
  constructor(init: { resource: string; url?: string; page?: number; index: number; found: string }) {
    const where = init.url ? ` on page ${init.page ?? '?'} (${init.url})` : '';
    super(
      'RECORD_NOT_OBJECT',
      `resource \`${init.resource}\`: record at index ${init.index}${where} is not an object: expected a JSON object, got ${init.found}; ` +
        'check the resource\'s `data_selector`',
      { details: { resource: init.resource, url: init.url, page: init.page, index: init.index, found: init.found } },
    );
    this.name = 'RecordShapeError';
  }
}
