import { SluiceError } from './sluice-error';

export type ContractEntity = 'tables' | 'columns' | 'data_type';

export interface SchemaContractViolation {
  /** Which part of `schema_contract` refused: a new table, a new column or a value of another type. */
  entity: ContractEntity;
  table: string;
  column?: string;
  /** Data type of the offending value. */
  dataType?: string;
  /** The record's primary key (`id=42`) or its position in the batch (`#3`). */
  recordKey: string;
  resource: string;
}

/** A `schema_contract` in `freeze` mode met data that would change the schema. */
export class SchemaContractError extends SluiceError {
  readonly violation: SchemaContractViolation;

  constructor(violation: SchemaContractViolation) {
    const { entity, table, column, dataType, recordKey, resource } = violation;
    const what = entity === 'tables'
      ? `new table \`${table}\``
      : entity === 'columns'
        ? `new column \`${column}\` (${dataType}) in table \`${table}\``
        : `a ${dataType} value for column \`${column}\` in table \`${table}\``;
    const expected = entity === 'tables' ? 'only existing tables' : entity === 'columns' ? 'only existing columns' : 'values of the column\'s type';
    super('SCHEMA_CONTRACT',
      `schema contract \`freeze\` rejected ${what} in record ${recordKey}: expected ${expected}, got ${entity === 'data_type' ? `a ${dataType} value` : 'a change'} (at \`resources.${resource}.schema_contract.${entity}\`)`,
      { details: { ...violation } });
    this.name = 'SchemaContractError';
    this.violation = violation;
  }
}
