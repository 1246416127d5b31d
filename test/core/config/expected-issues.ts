/** Exact issues (path, message) for each case of cases.ts: reviewed by hand; a change here is a change users see. */
export const EXPECTED_ISSUES: Record<string, Array<[string, string]>> = {
  "not an object": [
    ["", "expected an object, got a list"],
  ],
  "missing client and resources": [
    ["client", "missing required key `client` (an object)"],
    ["resources", "missing required key `resources` (a list)"],
  ],
  "base_url not a URL": [
    ["client.base_url", "expected an absolute http(s) URL such as `https://api.example.com/v1/`, got \"api.example.com/v1\""],
  ],
  "base_url not http": [
    ["client.base_url", "expected an absolute http(s) URL such as `https://api.example.com/v1/`, got \"ftp://files.example.com/\""],
  ],
  "data_selector with a filter": [
    ["resources[0].endpoint.data_selector", "invalid JSONPath `$[?(@.id>1)]`: filter and script expressions are not supported at position 1; supported syntax is $, .key, ['key'], [n], [*], ..key (no filters or scripts)"],
  ],
  "client paginator path invalid": [
    ["client.paginator.next_url_path", "invalid JSONPath `@next`: unexpected `@` at position 0; supported syntax is $, .key, ['key'], [n], [*], ..key (no filters or scripts)"],
  ],
  "negative maximum_page": [
    ["resources[0].endpoint.paginator.maximum_page", "expected an integer ≥ 0, got a number (-1)"],
  ],
  "cursor param and body path": [
    ["resources[0].endpoint.paginator", "`cursor` paginator has both `cursor_param` and `cursor_body_path`: set one, the cursor goes back either as a query param or in the JSON body"],
  ],
  "empty resources": [
    ["resources", "expected at least 1 item, got an empty list"],
  ],
  "base_url not a string": [
    ["client.base_url", "expected a string, got a number (42)"],
  ],
  "misspelled top-level key": [
    ["resource_default", "unknown key `resource_default`; did you mean `resource_defaults`?"],
  ],
  "misspelled client key": [
    ["client.pagintor", "unknown key `pagintor`; did you mean `paginator`?"],
  ],
  "python session in client": [
    ["client.session", "`session` is a dlt key that Sluice does not support: a Python `requests.Session` cannot be expressed in JSON; Sluice uses its own HTTP client (see `retry` and `timeout`)"],
  ],
  "unknown paginator type": [
    ["resources[0].endpoint.paginator.type", "invalid value `jsn_link`; valid values are: `json_link`, `header_link`, `header_cursor`, `cursor`, `offset`, `page_number`, `single_page`, `auto`; did you mean `json_link`?"],
  ],
  "unknown paginator shorthand": [
    ["client.paginator", "invalid value `header_lnk`; valid values are: `json_link`, `header_link`, `header_cursor`, `cursor`, `page_number`, `single_page`, `auto`; did you mean `header_link`?"],
  ],
  "offset shorthand needs limit": [
    ["client.paginator", "`offset` needs parameters (`limit`); write it as an object: `{\"type\": \"offset\", ...}`"],
  ],
  "offset without limit": [
    ["resources[0].endpoint.paginator.limit", "missing required key `limit` (an integer)"],
  ],
  "offset limit 0": [
    ["resources[0].endpoint.paginator.limit", "expected an integer ≥ 1, got a number (0)"],
  ],
  "offset without stop rule": [
    ["resources[0].endpoint.paginator", "`offset` paginator has no way to stop: set `total_path`, `maximum_offset`, `has_more_path` or `stop_after_empty_page: true`"],
  ],
  "unknown paginator option": [
    ["resources[0].endpoint.paginator.next_url", "unknown key `next_url`; valid keys are: `type`, `next_url_path`"],
  ],
  "paginator without type": [
    ["resources[0].endpoint.paginator.type", "missing required key `type`; valid values are: `json_link`, `header_link`, `header_cursor`, `cursor`, `offset`, `page_number`, `single_page`, `auto`"],
  ],
  "unknown auth type": [
    ["client.auth.type", "invalid value `beare`; valid values are: `bearer`, `api_key`, `http_basic`, `oauth2_client_credentials`; did you mean `bearer`?"],
  ],
  "bearer without token": [
    ["client.auth.token", "missing required key `token` (a string)"],
  ],
  "api_key bad location": [
    ["client.auth.location", "invalid value `body`; valid values are: `header`, `query`, `cookie`"],
  ],
  "oauth2 session": [
    ["client.auth.session", "`session` is a dlt key that Sluice does not support: a Python `requests.Session` cannot be expressed in JSON; Sluice uses its own HTTP client"],
  ],
  "auth shorthand unknown": [
    ["client.auth", "invalid value `oauth2`; valid values are: `bearer`, `api_key`, `http_basic`"],
  ],
  "resource without name": [
    ["resources[0].name", "missing required key `name` (a string)"],
  ],
  "resource params outside endpoint": [
    ["resources[0].params", "unknown key `params` here; it belongs in `endpoint.params`"],
  ],
  "bad write disposition": [
    ["resources[0].write_disposition", "invalid value `apend`; valid values are: `append`, `replace`, `merge`; did you mean `append`?"],
  ],
  "unsupported merge strategy": [
    ["resources[0].write_disposition.strategy", "invalid value `scd2`; valid values are: `delete-insert`"],
  ],
  "bad method": [
    ["resources[0].endpoint.method", "invalid value `FETCH`; valid values are: `GET`, `POST`, `PUT`, `PATCH`, `DELETE`, `HEAD`"],
  ],
  "header not a string": [
    ["resources[0].endpoint.headers.X-Page", "expected a string, got a number (1)"],
  ],
  "resource number": [
    ["resources[0]", "expected a string or an object, got a number (42)"],
  ],
  "parallelized zero": [
    ["resources[0].parallelized", "expected an integer ≥ 1, got a number (0)"],
  ],
  "parallelized too high": [
    ["resources[0].parallelized", "expected an integer ≤ 64, got a number (500)"],
  ],
  "incremental without cursor_path": [
    ["resources[0].endpoint.incremental.cursor_path", "missing required key `cursor_path` (a string)"],
  ],
  "incremental bad last_value_func": [
    ["resources[0].endpoint.incremental.last_value_func", "invalid value `maximum`; valid values are: `max`, `min`"],
  ],
  "incremental convert unsupported": [
    ["resources[0].endpoint.incremental.convert", "`convert` is a dlt key that Sluice does not support: a Python callable cannot be expressed in JSON; put the value format in the placeholder instead"],
  ],
  "incremental negative lag": [
    ["resources[0].endpoint.incremental.lag", "expected a number ≥ 0, got a number (-1)"],
  ],
  "end_value without initial_value": [
    ["resources[0].endpoint.incremental.end_value", "`end_value` needs `initial_value` too"],
  ],
  "incremental twice": [
    ["resources[0].endpoint.params.since", "incremental is configured twice (here and in `resources[0].endpoint.incremental`); keep one"],
  ],
  "unknown param object type": [
    ["resources[0].endpoint.params.since.type", "invalid value `incremantal`; valid values are: `resolve`, `incremental`; did you mean `incremental`?"],
  ],
  "duplicate resource names": [
    ["resources[1].name", "duplicate resource name `a` (also `resources[0]`)"],
  ],
  "missing parent": [
    ["resources[1].endpoint.path", "resource `comments` depends on `isues`, which is not a resource in this config; did you mean `issues`?"],
  ],
  "missing parent in resolve param": [
    ["resources[0].endpoint.params.n.resource", "resource `comments` depends on `tickets`, which is not a resource in this config; resources are: `comments`"],
  ],
  "dependency cycle": [
    ["resources[0].endpoint", "dependency cycle between resources: `a` → `b` → `a`"],
  ],
  "self dependency": [
    ["resources[0].endpoint", "dependency cycle between resources: `a` → `a`"],
  ],
  "two parents": [
    ["resources[2].endpoint.params.b", "a resource can depend on one parent only; it uses `a` and `b`"],
  ],
  "unknown placeholder": [
    ["resources[0].endpoint.path", "unknown placeholder `{item_id}`; valid placeholders are `{resources.<parent>.<field>}`, `{incremental.start_value}` (and `initial_value`, `last_value`, `end_value`), `{secrets.<name>}` and `resolve` params; write `{{` and `}}` for literal braces"],
  ],
  "unknown incremental placeholder": [
    ["resources[0].endpoint.params.since", "unknown placeholder `{incremental.start}`; valid incremental placeholders are: `{incremental.start_value}`, `{incremental.initial_value}`, `{incremental.last_value}`, `{incremental.end_value}`"],
  ],
  "incremental placeholder without incremental": [
    ["resources[0].endpoint.params.since", "placeholder `{incremental.start_value}` needs an `incremental` config on this endpoint"],
  ],
  "resources placeholder without field": [
    ["resources[1].endpoint.path", "placeholder `{resources.a}` must name a parent resource and a field: `{resources.<parent>.<field>}`"],
  ],
  "braces in a body need escaping": [
    ["resources[0].endpoint.json.query", "unknown placeholder `{id}`; valid placeholders are `{resources.<parent>.<field>}`, `{incremental.start_value}` (and `initial_value`, `last_value`, `end_value`), `{secrets.<name>}` and `resolve` params; write `{{` and `}}` for literal braces"],
  ],
  "unclosed brace": [
    ["resources[0].endpoint.path", "invalid template \"a/{resources.b.id\": unclosed `{` at character 3; write `{{` for a literal brace"],
  ],
  "stray closing brace": [
    ["resources[0].endpoint.headers.X-Q", "invalid template \"a}b\": unmatched `}` at character 2; write `}}` for a literal brace"],
  ],
  "placeholder in client base_url": [
    ["client.base_url", "placeholder `{resources.a.host}` is not allowed in `client`; only `{secrets.<name>}` is"],
  ],
  "include_from_parent without parent": [
    ["resources[0].include_from_parent", "resource `a` has no parent resource, so `include_from_parent` has nothing to include"],
  ],
  "processing step with both": [
    ["resources[0].processing_steps[0]", "a processing step needs exactly one of `filter` or `map`, got both"],
  ],
  "processing step bad jsonata": [
    ["resources[0].processing_steps[0].filter", "invalid JSONata expression \"id >\": Unexpected end of expression (at character 4)"],
  ],
  "processing step unknown key": [
    ["resources[0].processing_steps[0].flter", "unknown key `flter`; did you mean `filter`?"],
  ],
  "response action unknown action": [
    ["resources[0].endpoint.response_actions[0].action", "invalid value `skip`; valid values are: `ignore`, `retry`, `fail`"],
  ],
  "response action without match": [
    ["resources[0].endpoint.response_actions[0]", "a response action needs `status_code`, `content` or both"],
  ],
  "retry unknown key": [
    ["client.retry.attempts", "unknown key `attempts`; valid keys are: `max_attempts`, `backoff_factor`, `max_delay`"],
  ],
  "timeout zero": [
    ["client.timeout", "expected a number > 0, got a number (0)"],
  ],
  "column bad type": [
    ["resources[0].columns.price.data_type", "invalid value `float`; valid values are: `text`, `bigint`, `double`, `bool`, `timestamp`, `date`, `decimal`, `json`, `binary`"],
  ],
  "unsupported resource key": [
    ["resources[0].table_format", "`table_format` is a dlt key that Sluice does not support: Sluice writes plain tables only (no delta/iceberg)"],
  ],
  "shape and meaning errors together": [
    ["resources[0].write_disposition", "invalid value `apend`; valid values are: `append`, `replace`, `merge`; did you mean `append`?"],
    ["resources[2].endpoint.path", "unknown placeholder `{item}`; valid placeholders are `{resources.<parent>.<field>}`, `{incremental.start_value}` (and `initial_value`, `last_value`, `end_value`), `{secrets.<name>}` and `resolve` params; write `{{` and `}}` for literal braces"],
    ["resources[1].endpoint.path", "resource `b` depends on `nope`, which is not a resource in this config; resources are: `a`, `b`, `c`"],
  ],
  "several errors at once": [
    ["client.base_url", "expected a string, got a number (1)"],
    ["client.sesion", "unknown key `sesion`; valid keys are: `base_url`, `headers`, `auth`, `paginator`, `retry`, `timeout`"],
    ["resources[0].write_disposition", "invalid value `x`; valid values are: `append`, `replace`, `merge`"],
    ["resources[0].endpoint.paginator", "invalid value `nope`; valid values are: `json_link`, `header_link`, `header_cursor`, `cursor`, `page_number`, `single_page`, `auto`"],
  ],
};
