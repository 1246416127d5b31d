import { Type, type Static, type TSchema } from '@sinclair/typebox';
import type { OptionSpec } from '../http/option-spec';
import { authTypeNames } from '../auth/registry';
import { AUTH_OPTIONS, AUTH_TYPES, type AuthType } from '../auth/types';
import { paginatorTypeNames } from '../paginators/registry';
import { PAGINATOR_OPTIONS, PAGINATOR_TYPES, type PaginatorType } from '../paginators/types';

/**
 * The source config schema: dlt's `rest_api` config (`client`, `resource_defaults`, `resources`) as one TypeBox
 * schema. It is at once the TypeScript types (`Static<>`), the input of `validateSourceConfig` (our own walker, for
 * dlt-style messages), and the JSON Schema the editor uses (`sourceConfigJsonSchema`). Every field carries a
 * description with its default.
 *
 * Custom keywords (ignored by JSON Schema tools):
 * - `x-unsupported`: dlt keys Sluice knows but does not support, with the reason shown to the user.
 * - `x-discriminator` / `x-default-variant`: object unions are told apart by a `type` key.
 * - `x-accepts-function`: the programmatic API may pass a function instead of a string.
 * - `x-sluice`: a key Sluice adds beyond dlt's config.
 */

const str = (description: string, extra: Record<string, unknown> = {}) => Type.String({ description, ...extra });
const opt = <T extends TSchema>(schema: T) => Type.Optional(schema);
const literals = <T extends string[]>(values: [...T], description: string, extra: Record<string, unknown> = {}) =>
  Type.Union(values.map((v) => Type.Literal(v)), { description, ...extra });
const strings = (description: string) => Type.Union([Type.String(), Type.Array(Type.String())], { description });
const closed = { additionalProperties: false } as const;

// ---------------------------------------------------------------------------------------------------- paginators

/** A TypeBox schema for one option of a paginator or auth, from the option table its author keeps. */
export function optionSchema(spec: OptionSpec): TSchema {
  const meta: Record<string, unknown> = { description: spec.description + (spec.default !== undefined ? `. Default: ${JSON.stringify(spec.default)}.` : '.') };
  if (spec.default !== undefined && spec.default !== null) meta.default = spec.default;
  let base: TSchema;
  switch (spec.kind) {
    case 'integer': base = Type.Integer(spec.min !== undefined ? { minimum: spec.min } : {}); break;
    case 'boolean': base = Type.Boolean(); break;
    case 'object': base = Type.Record(Type.String(), Type.Unknown()); break;
    case 'enum': base = Type.Union((spec.values ?? []).map((v) => Type.Literal(v))); break;
    default: base = Type.String();
  }
  const schema = spec.nullable ? Type.Union([base, Type.Null()], meta) : { ...base, ...meta };
  return spec.required ? schema : Type.Optional(schema);
}

const PAGINATOR_DESCRIPTIONS: Record<PaginatorType, string> = {
  json_link: 'The next page URL is in the JSON body.',
  header_link: 'The next page URL is in the `Link` response header.',
  header_cursor: 'The next page cursor is in a response header.',
  cursor: 'The next page cursor is in the JSON body.',
  offset: 'Offset and limit query params.',
  page_number: 'A page number query param.',
  single_page: 'One request, no paging.',
  auto: 'Detect the paginator from the first response.',
};

const paginatorVariants = PAGINATOR_TYPES.map((type) => Type.Object({
  type: Type.Literal(type, { description: PAGINATOR_DESCRIPTIONS[type] }),
  ...Object.fromEntries(PAGINATOR_OPTIONS[type].map((spec) => [spec.name, optionSchema(spec)])),
}, { ...closed, title: type }));

const PaginatorObject = Type.Union(paginatorVariants, {
  'x-extra-tags': paginatorTypeNames,
  'x-discriminator': 'type',
  description: 'How to page through the endpoint.',
});
const PaginatorShorthand = Type.Union(
  PAGINATOR_TYPES.filter((t) => !PAGINATOR_OPTIONS[t].some((o) => o.required)).map((t) => Type.Literal(t)),
  {
    description: 'A paginator type with its default parameters (`"header_link"`).',
    'x-extra-tags': paginatorTypeNames,
    'x-object-only': Object.fromEntries(PAGINATOR_TYPES
      .map((t) => [t, PAGINATOR_OPTIONS[t].filter((o) => o.required).map((o) => `\`${o.name}\``).join(', ')])
      .filter(([, required]) => required !== '')),
  },
);
export const PaginatorSchema = Type.Union([PaginatorShorthand, PaginatorObject], {
  description: 'Paginator: a type name (`"header_link"`) or an object with `type` and its parameters. Default: detected from the first response.',
});

// ---------------------------------------------------------------------------------------------------------- auth

const AUTH_DESCRIPTIONS: Record<AuthType, string> = {
  bearer: 'Bearer token (the default when `type` is missing).',
  api_key: 'An API key in a header, query param or cookie.',
  http_basic: 'HTTP Basic auth.',
  oauth2_client_credentials: 'OAuth 2.0 client credentials grant; the token is fetched, cached and refreshed.',
};
const AUTH_UNSUPPORTED: Partial<Record<AuthType, Record<string, string>>> = {
  oauth2_client_credentials: {
    session: 'a Python `requests.Session` cannot be expressed in JSON; Sluice uses its own HTTP client',
    access_token: 'Sluice always fetches the token from `access_token_url`',
  },
};

const authVariants = AUTH_TYPES.map((type) => Type.Object({
  type: type === 'bearer'
    ? Type.Optional(Type.Literal(type, { description: AUTH_DESCRIPTIONS[type] }))
    : Type.Literal(type, { description: AUTH_DESCRIPTIONS[type] }),
  ...Object.fromEntries(AUTH_OPTIONS[type].map((spec) => [spec.name, optionSchema(spec)])),
}, { ...closed, title: type, ...(AUTH_UNSUPPORTED[type] ? { 'x-unsupported': AUTH_UNSUPPORTED[type] } : {}) }));

const AuthObject = Type.Union(authVariants, {
  'x-extra-tags': authTypeNames,
  'x-discriminator': 'type', 'x-default-variant': 'bearer', description: 'Authentication.',
});
const AuthShorthand = literals(['bearer', 'api_key', 'http_basic'],
  'An auth type whose credentials come from secrets: `bearer` → `{secrets.token}`, `api_key` → `{secrets.api_key}`, `http_basic` → `{secrets.username}`/`{secrets.password}`.');
export const AuthSchema = Type.Union([AuthShorthand, AuthObject], {
  description: 'Auth: a type name (`"bearer"`) or an object with `type` and its parameters. Default: none.',
});

// ---------------------------------------------------------------------------------------------------- endpoint

const ResponseActionSchema = Type.Object({
  status_code: opt(Type.Union([Type.Integer(), Type.Array(Type.Integer())], {
    description: 'Match responses with this status code (or any of these). Default: any.',
  })),
  content: opt(str('Match responses whose body contains this text. Default: any.')),
  action: literals(['ignore', 'retry', 'fail'],
    '`ignore` skips the response (no records), `retry` retries it like a 5xx, `fail` stops with an error. `retry` and `fail` are Sluice additions.'),
}, { ...closed, description: 'What to do with a matching response.' });

export const INCREMENTAL_KEYS = {
  cursor_path: str('JSONPath to the cursor field inside each record (`updated_at`).'),
  initial_value: opt(Type.Unknown({ description: 'Cursor value of the first run. Default: none (no lower bound).' })),
  end_value: opt(Type.Unknown({ description: 'Upper bound (a backfill); the state is not advanced when set. Default: none.' })),
  last_value_func: opt(literals(['max', 'min'], 'How the cursor advances. Default: `max`.', { default: 'max' })),
  row_order: opt(literals(['asc', 'desc'],
    'Order the API returns records in; paging stops at the first record past the range. Default: none.')),
  on_cursor_value_missing: opt(literals(['raise', 'include', 'exclude'],
    'What to do with a record without the cursor field. Default: `raise`.', { default: 'raise' })),
  lag: opt(Type.Number({
    minimum: 0, description: 'Go back this far from the last value: seconds for timestamps, days for dates, units for numbers. Default: 0.',
  })),
  range_start: opt(literals(['closed', 'open'], 'Whether the start value itself is included. Default: `closed`.', { default: 'closed' })),
  range_end: opt(literals(['closed', 'open'], 'Whether the end value itself is included. Default: `open`.', { default: 'open' })),
  primary_key: opt(strings('Key used to drop records at the boundary already loaded. Default: the resource `primary_key`; `[]` disables the check.')),
};
const incrementalUnsupported = {
  convert: 'a Python callable cannot be expressed in JSON; put the value format in the placeholder instead',
  allow_external_schedulers: 'Sluice has no external scheduler integration',
};

export const IncrementalSchema = Type.Object({
  start_param: opt(str('Query param that receives the start value. Default: none.')),
  end_param: opt(str('Query param that receives the end value. Default: none.')),
  ...INCREMENTAL_KEYS,
}, { ...closed, description: 'Incremental loading on a cursor field.', 'x-unsupported': incrementalUnsupported });

/** dlt's incremental param form: `"since": {"type": "incremental", "cursor_path": "updated_at", ...}`. */
export const IncrementalParamSchema = Type.Object({
  type: Type.Literal('incremental'),
  ...INCREMENTAL_KEYS,
}, { ...closed, title: 'incremental param', 'x-unsupported': incrementalUnsupported });

/** dlt's legacy dependent-resource param: `{"type": "resolve", "resource": "issues", "field": "number"}`. */
export const ResolveParamSchema = Type.Object({
  type: Type.Literal('resolve'),
  resource: str('The parent resource.'),
  field: str('Field (or JSONPath) of the parent record.'),
}, { ...closed, title: 'resolve param' });

const ParamValueSchema = Type.Union([
  Type.String(), Type.Number(), Type.Boolean(), Type.Null(), Type.Array(Type.Unknown()),
  Type.Union([ResolveParamSchema, IncrementalParamSchema], { 'x-discriminator': 'type' }),
], { description: 'A query param value; may hold `{placeholders}`.' });

const ENDPOINT_PROPS = {
  method: opt(literals(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD'], 'HTTP method. Default: `GET`.', { default: 'GET' })),
  params: opt(Type.Record(Type.String(), ParamValueSchema, { description: 'Query params. Default: none.' })),
  json: opt(Type.Unknown({ description: 'JSON body; a value that is exactly one `{placeholder}` keeps its type. Default: none.' })),
  data: opt(Type.Unknown({ description: 'Form body (an object) or raw text body. Default: none.' })),
  headers: opt(Type.Record(Type.String(), Type.String(), { description: 'Extra request headers. Default: none.' })),
  paginator: opt(PaginatorSchema),
  data_selector: opt(str('JSONPath to the records in the response (`data.items`). Default: detected.')),
  response_actions: opt(Type.Array(ResponseActionSchema, { description: 'Checked in order; the first match wins. Default: none.' })),
  incremental: opt(IncrementalSchema),
  auth: opt(AuthSchema),
};

export const EndpointSchema = Type.Object({
  path: opt(str('Path relative to `client.base_url` (an absolute URL bypasses it); may hold `{placeholders}`. Default: the resource name.')),
  ...ENDPOINT_PROPS,
}, { ...closed, description: 'The request a resource makes.' });

// ---------------------------------------------------------------------------------------------------- resources

const ColumnHintSchema = Type.Object({
  data_type: opt(literals(['text', 'bigint', 'double', 'bool', 'timestamp', 'date', 'decimal', 'json', 'binary'], 'Column type.')),
  nullable: opt(Type.Boolean({ description: 'Whether the column may hold null. Default: true.' })),
  primary_key: opt(Type.Boolean({ description: 'Part of the primary key. Default: false.' })),
  merge_key: opt(Type.Boolean({ description: 'Part of the merge key. Default: false.' })),
  unique: opt(Type.Boolean({ description: 'Values are unique. Default: false.' })),
  partition: opt(Type.Boolean({ description: 'Partition on this column (BigQuery). Default: false.' })),
  cluster: opt(Type.Boolean({ description: 'Cluster on this column (BigQuery). Default: false.' })),
  hard_delete: opt(Type.Boolean({ description: 'A truthy value deletes the row (merge). Default: false.' })),
  dedup_sort: opt(literals(['asc', 'desc'], 'Which duplicate wins in a merge. Default: none.')),
  precision: opt(Type.Integer({ description: 'Precision (decimal, timestamp). Default: destination default.' })),
  scale: opt(Type.Integer({ description: 'Scale (decimal). Default: destination default.' })),
}, { ...closed, description: 'Column hints.' });

const ContractModeSchema = literals(['evolve', 'freeze', 'discard_row', 'discard_value'], 'Schema contract mode.');

const ProcessingStepSchema = Type.Object({
  filter: opt(Type.Unsafe<string | ((record: Record<string, unknown>) => unknown)>({
    type: 'string', 'x-accepts-function': true,
    description: 'JSONata expression: keep the record when it is true (`id < 10`). The programmatic API also accepts a function.',
  })),
  map: opt(Type.Unsafe<string | ((record: Record<string, unknown>) => unknown)>({
    type: 'string', 'x-accepts-function': true,
    description: 'JSONata expression returning the new record (`$merge([$, {"title": $lowercase(title)}])`). The programmatic API also accepts a function.',
  })),
}, { ...closed, description: 'One step: exactly one of `filter` or `map`.' });

const RESOURCE_PROPS = {
  primary_key: opt(strings('Primary key column(s). Default: none.')),
  merge_key: opt(strings('Merge key column(s). Default: none.')),
  write_disposition: opt(Type.Union([
    literals(['append', 'replace', 'merge'], 'How loads combine with existing data. Default: `append`.'),
    Type.Object({
      disposition: literals(['append', 'replace', 'merge'], 'Write disposition.'),
      strategy: opt(literals(['delete-insert'], 'Merge strategy. Default: `delete-insert`.')),
    }, { ...closed, description: 'dlt object form.' }),
  ], { description: 'Write disposition: `append` (default), `replace` or `merge`.' })),
  table_name: opt(str('Table name. Default: the resource name.')),
  columns: opt(Type.Record(Type.String(), ColumnHintSchema, { description: 'Column hints by column name. Default: none.' })),
  include_from_parent: opt(Type.Array(Type.String(), {
    description: 'Parent fields copied into each child record as `_<parent>_<field>`. Default: none.',
  })),
  processing_steps: opt(Type.Array(ProcessingStepSchema, { description: 'Filter and map steps, in order. Default: none.' })),
  selected: opt(Type.Boolean({ description: 'Load this resource; `false` only feeds its children. Default: true.', default: true })),
  parallelized: opt(Type.Union([Type.Boolean(), Type.Integer({ minimum: 1, maximum: 64 })], {
    description: 'Requests of a dependent resource in flight at once: `true` = 4, a number (Sluice addition, at most 64) = that many. Default: false (one at a time).',
  })),
  max_table_nesting: opt(Type.Integer({ minimum: 0, description: 'Depth of nested tables; deeper data stays JSON. Default: unlimited.' })),
  schema_contract: opt(Type.Union([ContractModeSchema, Type.Object({
    tables: opt(ContractModeSchema), columns: opt(ContractModeSchema), data_type: opt(ContractModeSchema),
  }, closed)], { description: 'Schema contract. Default: `evolve`.' })),
};

const resourceUnsupported = {
  table_format: 'Sluice writes plain tables only (no delta/iceberg)',
  file_format: 'Sluice picks the load file format per destination',
  references: 'table references are not supported',
  nested_hints: 'nested table hints are not supported',
  data_from: 'resources from Python code are written with the programmatic API (`defineResource`)',
  table_description: 'table descriptions are not supported',
};

export const ResourceSchema = Type.Object({
  name: str('Resource name; also the table name and the default path.'),
  endpoint: opt(Type.Union([Type.String({ description: 'The path.' }), EndpointSchema], {
    description: 'A path (`"issues"`) or an endpoint object. Default: the resource name as path.',
  })),
  ...RESOURCE_PROPS,
}, {
  ...closed, description: 'One resource (becomes one table).', 'x-unsupported': resourceUnsupported,
  'x-moved-keys': Object.fromEntries(['path', ...Object.keys(ENDPOINT_PROPS)].map((k) => [k, `endpoint.${k}`])),
});

export const ResourceDefaultsSchema = Type.Object({
  endpoint: opt(Type.Object(ENDPOINT_PROPS, { ...closed, description: 'Endpoint defaults (no `path`).' })),
  ...RESOURCE_PROPS,
}, { ...closed, description: 'Defaults merged under every resource.', 'x-unsupported': resourceUnsupported });

// ------------------------------------------------------------------------------------------------------- client

export const RetrySchema = Type.Object({
  max_attempts: opt(Type.Integer({ minimum: 1, description: 'Attempts per request including the first. Default: 5.', default: 5 })),
  backoff_factor: opt(Type.Number({ minimum: 0, description: 'Exponential backoff factor in seconds. Default: 1.', default: 1 })),
  max_delay: opt(Type.Number({ minimum: 0, description: 'Longest wait between attempts in seconds. Default: 300.', default: 300 })),
}, { ...closed, 'x-sluice': true, description: 'Retries of 429, 5xx and network errors (Sluice addition).' });

export const ClientSchema = Type.Object({
  base_url: str('Base URL every path is relative to (`https://api.github.com/`).'),
  headers: opt(Type.Record(Type.String(), Type.String(), { description: 'Headers sent with every request. Default: none.' })),
  auth: opt(AuthSchema),
  paginator: opt(PaginatorSchema),
  retry: opt(RetrySchema),
  timeout: opt(Type.Number({
    exclusiveMinimum: 0, 'x-sluice': true, description: 'Request timeout in seconds (Sluice addition). Default: 60.', default: 60,
  })),
}, {
  ...closed, description: 'How to reach the API.',
  'x-unsupported': {
    session: 'a Python `requests.Session` cannot be expressed in JSON; Sluice uses its own HTTP client (see `retry` and `timeout`)',
  },
});

export const SourceConfigSchema = Type.Object({
  client: ClientSchema,
  resource_defaults: opt(ResourceDefaultsSchema),
  resources: Type.Array(Type.Union([Type.String({ description: 'Name and path of a resource.' }), ResourceSchema]), {
    minItems: 1, description: 'The resources: a name (`"pokemon"`) or an object.',
  }),
}, { ...closed, title: 'Sluice REST API source', description: "dlt's `rest_api` source config." });

export type SourceConfig = Static<typeof SourceConfigSchema>;
export type ClientConfigInput = Static<typeof ClientSchema>;
export type ResourceConfigInput = Static<typeof ResourceSchema>;
export type ResourceDefaultsInput = Static<typeof ResourceDefaultsSchema>;
export type EndpointConfigInput = Static<typeof EndpointSchema>;
export type PaginatorConfigInput = Static<typeof PaginatorSchema>;
export type AuthConfigInput = Static<typeof AuthSchema>;
export type IncrementalConfigInput = Static<typeof IncrementalSchema>;
export type ResponseActionInput = Static<typeof ResponseActionSchema>;
export type ProcessingStepInput = Static<typeof ProcessingStepSchema>;
export type RetryConfigInput = Static<typeof RetrySchema>;

/** Plain JSON Schema (no TypeBox symbols) for the editor: completion, hover descriptions, markers. */
export const sourceConfigJsonSchema: Record<string, unknown> = JSON.parse(JSON.stringify(SourceConfigSchema)) as Record<string, unknown>;
