import { quoteIdentifier, tablePath, type BigQueryField, type BigQueryTableResource, type TableId } from './bigquery-sql';

/**
 * The DDL a tables.insert / tables.patch call is equivalent to. The destination creates and evolves tables through
 * the REST API (that is where partitioning and clustering are set); these strings are what it reports (load info,
 * `--json`) and what the snapshot tests pin down.
 */
function fieldType(field: BigQueryField): string {
  return field.precision !== undefined ? `${field.type}(${field.precision}, ${field.scale ?? '0'})` : field.type;
}

export function createTableDdl(resource: BigQueryTableResource): string {
  const columns = resource.schema.fields.map((f) => `${quoteIdentifier(f.name)} ${fieldType(f)}${f.mode === 'REQUIRED' ? ' NOT NULL' : ''}`);
  let ddl = `CREATE TABLE ${tablePath(resource.tableReference)} (${columns.join(', ')})`;
  if (resource.timePartitioning) ddl += ` PARTITION BY DATE(${quoteIdentifier(resource.timePartitioning.field)})`;
  if (resource.rangePartitioning) {
    const { field, range } = resource.rangePartitioning;
    ddl += ` PARTITION BY RANGE_BUCKET(${quoteIdentifier(field)}, GENERATE_ARRAY(${range.start}, ${range.end}, ${range.interval}))`;
  }
  if (resource.clustering) ddl += ` CLUSTER BY ${resource.clustering.fields.map(quoteIdentifier).join(', ')}`;
  return ddl;
}

export function addColumnDdl(table: TableId, field: BigQueryField): string {
  return `ALTER TABLE ${tablePath(table)} ADD COLUMN ${quoteIdentifier(field.name)} ${fieldType(field)}`;
}

export function dropNotNullDdl(table: TableId, column: string): string {
  return `ALTER TABLE ${tablePath(table)} ALTER COLUMN ${quoteIdentifier(column)} DROP NOT NULL`;
}
