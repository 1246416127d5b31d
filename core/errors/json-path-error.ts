import { SluiceError } from './sluice-error';

/** A JSONPath uses syntax Sluice does not evaluate (filters, scripts, slices, unions) or is malformed. */
export class JsonPathError extends SluiceError {
  readonly path: string;

  constructor(path: string, problem: string, position: number) {
    super(
      'JSONPATH_INVALID',
      `invalid JSONPath \`${path}\`: ${problem} at position ${position}; ` +
        "supported syntax is $, .key, ['key'], [n], [*], ..key (no filters or scripts)",
      { details: { path, position } },
    );
    this.name = 'JsonPathError';
    this.path = path;
  }
}
