/**
 * Thrown by a normalizer built with `frozen: true` at the first record that would change its schema (a new
 * table, column or variant, a widened type). Nothing of the batch is returned; whoever owns the schema normalizes
 * that batch instead. Not a user-facing error: it never leaves the pipeline.
 */
export class SchemaWouldChange extends Error {
  constructor(readonly table: string) {
    super(`normalizing this batch would change the schema of table \`${table}\``);
    this.name = 'SchemaWouldChange';
  }
}
