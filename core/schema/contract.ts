import type { ContractMode, SchemaContract } from './types';

export const CONTRACT_MODES: readonly ContractMode[] = ['evolve', 'freeze', 'discard_row', 'discard_value'];

export type ResolvedContract = Required<SchemaContract>;

/**
 * dlt's `schema_contract` expansion: a single mode applies to tables, columns and data types; an object sets
 * each (missing entries evolve). Nested tables use their root table's contract.
 */
export function resolveContract(contract: SchemaContract | ContractMode | undefined): ResolvedContract {
  if (contract === undefined) return { tables: 'evolve', columns: 'evolve', data_type: 'evolve' };
  if (typeof contract === 'string') return { tables: contract, columns: contract, data_type: contract };
  return { tables: contract.tables ?? 'evolve', columns: contract.columns ?? 'evolve', data_type: contract.data_type ?? 'evolve' };
}

/** Validation message for a mode, or undefined when valid. */
export function contractModeProblem(value: unknown): string | undefined {
  if (typeof value === 'string' && (CONTRACT_MODES as readonly string[]).includes(value)) return undefined;
  return `expected one of ${CONTRACT_MODES.join(', ')}, got ${JSON.stringify(value)}`;
}
