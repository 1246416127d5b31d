export { Normalizer, DEFAULT_MAX_NESTING } from './normalizer';
export type { NormalizerOptions } from './normalizer';
export { TableBatch } from './table-batch';
export { rowIdOf, rowIdPrefix, ROW_ID_PREFIX_LENGTH } from './row-id';
export {
  C_DLT_ID, C_DLT_LOAD_ID, C_DLT_PARENT_ID, C_DLT_LIST_IDX, C_DLT_ROOT_ID, C_VALUE, C_LIST, EMPTY_KEY,
} from './table-state';
