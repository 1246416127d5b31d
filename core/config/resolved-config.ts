import type { ConfigIssue } from '../errors/config-error';
import type { PaginatorConfig } from '../paginators/types';
import type { TableHints } from '../schema/types';
import type { ProcessingStepInput, ResponseActionInput, RetryConfigInput } from './schema';
import type { Placeholder, TemplatePart } from './placeholders';

/** Auth config after shorthands: always an object with `type` (dlt keys). */
export type ResolvedAuthConfig = { type: string } & Record<string, unknown>;

export interface ResolvedClientConfig {
  base_url: string;
  headers: Record<string, string>;
  auth?: ResolvedAuthConfig;
  paginator?: PaginatorConfig;
  retry?: RetryConfigInput;
  /** Seconds. */
  timeout?: number;
}

export interface ResolvedIncrementalConfig {
  cursor_path: string;
  initial_value?: unknown;
  end_value?: unknown;
  last_value_func: 'max' | 'min';
  row_order?: 'asc' | 'desc';
  on_cursor_value_missing: 'raise' | 'include' | 'exclude';
  lag: number;
  range_start: 'closed' | 'open';
  range_end: 'closed' | 'open';
  /** Boundary dedup key; empty = dedup disabled; undefined = hash the whole record. */
  primary_key?: string[];
  start_param?: string;
  end_param?: string;
}

export interface ResolvedEndpointConfig {
  path: string;
  method: string;
  /** Plain params (the `resolve`/`incremental` param objects are moved out); values may hold placeholders. */
  params: Record<string, unknown>;
  json?: unknown;
  data?: unknown;
  headers: Record<string, string>;
  /** Effective paginator after precedence (endpoint > resource_defaults > single entity > client). */
  paginator?: PaginatorConfig;
  data_selector?: string;
  response_actions?: ResponseActionInput[];
  incremental?: ResolvedIncrementalConfig;
  /** Effective auth (endpoint > resource_defaults > client). */
  auth?: ResolvedAuthConfig;
}

export interface ResolvedResourceConfig {
  name: string;
  /** Index in the config's `resources` list (for error paths). */
  index: number;
  endpoint: ResolvedEndpointConfig;
  hints: TableHints;
  selected: boolean;
  /** Requests in flight at once for a dependent resource (1 = one at a time). */
  concurrency: number;
  include_from_parent: string[];
  processing_steps: ProcessingStepInput[];
  /** The parent resource, for a dependent resource. */
  parent?: string;
  /** Legacy `resolve` params: param name → parent field. */
  resolve_params: Record<string, string>;
  /** The path ends in a placeholder: one entity per request. */
  single_entity: boolean;
  /** Parsed templates of the endpoint's path (placeholders found during validation). */
  path_template: TemplatePart[];
  /** Every placeholder the endpoint uses. */
  placeholders: Placeholder[];
}

export interface ResolvedSourceConfig {
  client: ResolvedClientConfig;
  /** In config order. */
  resources: ResolvedResourceConfig[];
  /** Every `{secrets.<name>}` the config references. */
  secret_names: string[];
  /** Literal credential values found in auth configs: registered with the redactor, warned about. */
  literal_secrets: string[];
  warnings: ConfigIssue[];
}

/** Default concurrency for `parallelized: true`. */
export const DEFAULT_PARALLELISM = 4;
