import { Kind, type TSchema } from '@sinclair/typebox';
import type { ConfigIssue } from '../errors/config-error';
import { closestMatch } from './closest-match';
import { joinPath } from './config-path';

/**
 * Checks a value against a TypeBox schema and reports every problem with its JSON path, what was expected and what
 * was received. TypeBox's own checker stops at "does not match union"; users need "unknown key `pagintor`; did you
 * mean `paginator`?", so this walks the (small) subset of schema kinds the config schema uses.
 */
export function walkSchema(schema: TSchema, value: unknown, path: string, issues: ConfigIssue[]): void {
  if (schema['x-accepts-function'] === true && typeof value === 'function') return;
  switch (kindOf(schema)) {
    case 'Unknown': case 'Any': return;
    case 'String':
      if (typeof value !== 'string') return typeIssue(schema, value, path, issues);
      return;
    case 'Number': case 'Integer': return checkNumber(schema, value, path, issues);
    case 'Boolean':
      if (typeof value !== 'boolean') typeIssue(schema, value, path, issues);
      return;
    case 'Null':
      if (value !== null) typeIssue(schema, value, path, issues);
      return;
    case 'Literal':
      if (value !== schema.const) literalIssue([String(schema.const)], value, path, issues);
      return;
    case 'Array': return checkArray(schema, value, path, issues);
    case 'Record': return checkRecord(schema, value, path, issues);
    case 'Object': return checkObject(schema, value, path, issues);
    case 'Union': return checkUnion(schema, value, path, issues);
    default: return;
  }
}

function kindOf(schema: TSchema): string {
  const kind = (schema as { [Kind]?: string })[Kind];
  if (kind === 'Unsafe') return schema.type === 'string' ? 'String' : 'Unknown';
  return kind ?? 'Unknown';
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `"apend"` → `a string ("apend")`, 42 → `a number (42)`. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  switch (typeof value) {
    case 'string': return `a string (${JSON.stringify(value.length > 40 ? value.slice(0, 40) + '…' : value)})`;
    case 'number': return `a number (${value})`;
    case 'boolean': return `a boolean (${value})`;
    case 'function': return 'a function';
    case 'object': return 'an object';
    default: return typeof value;
  }
}

function enumValues(schema: TSchema): string[] | undefined {
  if (kindOf(schema) !== 'Union') return undefined;
  const members = schema.anyOf as TSchema[];
  if (!members.every((m) => kindOf(m) === 'Literal' && typeof m.const === 'string')) return undefined;
  return members.map((m) => m.const as string);
}

/** What a schema accepts, in words: `a string`, `one of \`append\`, \`replace\``, `a string or an object`. */
function describeSchema(schema: TSchema): string {
  const values = enumValues(schema);
  if (values) return values.length === 1 ? `\`${values[0]}\`` : `one of ${values.map((v) => `\`${v}\``).join(', ')}`;
  switch (kindOf(schema)) {
    case 'String': return 'a string';
    case 'Number': return 'a number';
    case 'Integer': return 'an integer';
    case 'Boolean': return 'a boolean';
    case 'Null': return 'null';
    case 'Literal': return `\`${String(schema.const)}\``;
    case 'Array': return 'a list';
    case 'Object': case 'Record': return 'an object';
    case 'Union': {
      const parts = [...new Set((schema.anyOf as TSchema[]).map((m) => (kindOf(m) === 'Union' && !enumValues(m) ? 'an object' : describeSchema(m))))];
      return parts.length <= 2 ? parts.join(' or ') : `${parts.slice(0, -1).join(', ')} or ${parts.at(-1)}`;
    }
    default: return 'any value';
  }
}

function typeIssue(schema: TSchema, value: unknown, path: string, issues: ConfigIssue[]): void {
  issues.push({ path, message: `expected ${describeSchema(schema)}, got ${describeValue(value)}`, severity: 'error' });
}

function literalIssue(valid: string[], value: unknown, path: string, issues: ConfigIssue[]): void {
  const suggestion = typeof value === 'string' ? closestMatch(value, valid) : undefined;
  const got = typeof value === 'string' ? `\`${value}\`` : describeValue(value);
  const list = valid.map((v) => `\`${v}\``).join(', ');
  issues.push({
    path,
    message: `invalid value ${got}; valid values are: ${list}` + (suggestion ? `; did you mean \`${suggestion}\`?` : ''),
    severity: 'error',
  });
}

function checkNumber(schema: TSchema, value: unknown, path: string, issues: ConfigIssue[]): void {
  const integer = kindOf(schema) === 'Integer';
  if (typeof value !== 'number' || !Number.isFinite(value) || (integer && !Number.isInteger(value))) {
    return typeIssue(schema, value, path, issues);
  }
  const bound = (ok: boolean, words: string) => {
    if (!ok) issues.push({ path, message: `expected ${describeSchema(schema)} ${words}, got ${describeValue(value)}`, severity: 'error' });
  };
  if (typeof schema.minimum === 'number') bound(value >= schema.minimum, `≥ ${schema.minimum}`);
  if (typeof schema.exclusiveMinimum === 'number') bound(value > schema.exclusiveMinimum, `> ${schema.exclusiveMinimum}`);
  if (typeof schema.maximum === 'number') bound(value <= schema.maximum, `≤ ${schema.maximum}`);
}

function checkArray(schema: TSchema, value: unknown, path: string, issues: ConfigIssue[]): void {
  if (!Array.isArray(value)) return typeIssue(schema, value, path, issues);
  if (typeof schema.minItems === 'number' && value.length < schema.minItems) {
    issues.push({ path, message: `expected at least ${schema.minItems} item${schema.minItems === 1 ? '' : 's'}, got an empty list`, severity: 'error' });
  }
  value.forEach((item, i) => walkSchema(schema.items as TSchema, item, joinPath(path, i), issues));
}

function checkRecord(schema: TSchema, value: unknown, path: string, issues: ConfigIssue[]): void {
  if (!isPlainObject(value)) return typeIssue(schema, value, path, issues);
  const valueSchema = Object.values(schema.patternProperties as Record<string, TSchema>)[0]!;
  for (const [key, item] of Object.entries(value)) walkSchema(valueSchema, item, joinPath(path, key), issues);
}

function checkObject(schema: TSchema, value: unknown, path: string, issues: ConfigIssue[]): void {
  if (!isPlainObject(value)) return typeIssue(schema, value, path, issues);
  const properties = schema.properties as Record<string, TSchema>;
  const unsupported = (schema['x-unsupported'] ?? {}) as Record<string, string>;
  const required = (schema.required ?? []) as string[];
  for (const key of required) {
    if (value[key] === undefined) {
      issues.push({ path: joinPath(path, key), message: `missing required key \`${key}\` (${describeSchema(properties[key]!)})`, severity: 'error' });
    }
  }
  for (const [key, item] of Object.entries(value)) {
    const keySchema = properties[key];
    if (keySchema) {
      if (item !== undefined) walkSchema(keySchema, item, joinPath(path, key), issues);
      continue;
    }
    const reason = unsupported[key];
    if (reason !== undefined) {
      issues.push({ path: joinPath(path, key), message: `\`${key}\` is a dlt key that Sluice does not support: ${reason}`, severity: 'error' });
      continue;
    }
    const moved = ((schema['x-moved-keys'] ?? {}) as Record<string, string>)[key];
    if (moved !== undefined) {
      issues.push({ path: joinPath(path, key), message: `unknown key \`${key}\` here; it belongs in \`${moved}\``, severity: 'error' });
      continue;
    }
    const suggestion = closestMatch(key, Object.keys(properties));
    const valid = Object.keys(properties).map((k) => `\`${k}\``).join(', ');
    issues.push({
      path: joinPath(path, key),
      message: `unknown key \`${key}\`` + (suggestion ? `; did you mean \`${suggestion}\`?` : `; valid keys are: ${valid}`),
      severity: 'error',
    });
  }
}

/** Which JS kinds of value a member schema can accept. */
function accepts(schema: TSchema, value: unknown): boolean {
  if (schema['x-accepts-function'] === true && typeof value === 'function') return true;
  switch (kindOf(schema)) {
    case 'Unknown': case 'Any': return true;
    case 'String': return typeof value === 'string';
    case 'Number': case 'Integer': return typeof value === 'number';
    case 'Boolean': return typeof value === 'boolean';
    case 'Null': return value === null;
    case 'Literal': return typeof value === typeof schema.const;
    case 'Array': return Array.isArray(value);
    case 'Object': case 'Record': return isPlainObject(value);
    case 'Union': return (schema.anyOf as TSchema[]).some((m) => accepts(m, value));
    default: return true;
  }
}

function checkUnion(schema: TSchema, value: unknown, path: string, issues: ConfigIssue[]): void {
  const values = enumValues(schema);
  if (values) {
    if (typeof value !== 'string') return typeIssue(schema, value, path, issues);
    const objectOnly = (schema['x-object-only'] ?? {}) as Record<string, string>;
    if (objectOnly[value] !== undefined) {
      issues.push({ path, message: `\`${value}\` needs parameters (${objectOnly[value]}); write it as an object: \`{"type": "${value}", ...}\``, severity: 'error' });
      return;
    }
    if (values.includes(value) || extraTags(schema).includes(value)) return;
    return literalIssue([...values, ...extraTags(schema).filter((t) => !values.includes(t) && objectOnly[t] === undefined)], value, path, issues);
  }
  const discriminator = schema['x-discriminator'] as string | undefined;
  if (discriminator && isPlainObject(value)) return checkDiscriminated(schema, discriminator, value, path, issues);
  const candidates = (schema.anyOf as TSchema[]).filter((m) => accepts(m, value));
  if (candidates.length === 0) return typeIssue(schema, value, path, issues);
  // Integer and Number both accept 42: the first one that reports nothing wins; else report the first.
  let firstIssues: ConfigIssue[] | undefined;
  for (const candidate of candidates) {
    const found: ConfigIssue[] = [];
    walkSchema(candidate, value, path, found);
    if (found.length === 0) return;
    firstIssues ??= found;
  }
  issues.push(...firstIssues!);
}

/** Names registered at runtime besides the schema's own variants. */
function extraTags(schema: TSchema): string[] {
  const source = schema['x-extra-tags'] as (() => string[]) | undefined;
  return typeof source === 'function' ? source() : [];
}

function checkDiscriminated(schema: TSchema, key: string, value: Record<string, unknown>, path: string, issues: ConfigIssue[]): void {
  const variants = (schema.anyOf as TSchema[]);
  const tagOf = (v: TSchema) => ((v.properties as Record<string, TSchema>)[key]!).const as string;
  const tags = variants.map(tagOf);
  const tag = value[key];
  if (tag === undefined) {
    const fallback = schema['x-default-variant'] as string | undefined;
    if (fallback) return walkSchema(variants[tags.indexOf(fallback)]!, value, path, issues);
    issues.push({ path: joinPath(path, key), message: `missing required key \`${key}\`; valid values are: ${tags.map((t) => `\`${t}\``).join(', ')}`, severity: 'error' });
    return;
  }
  const index = typeof tag === 'string' ? tags.indexOf(tag) : -1;
  // A type registered at runtime (`registerPaginator`, `registerAuth`): its factory validates its options.
  if (index < 0 && typeof tag === 'string' && extraTags(schema).includes(tag)) return;
  if (index < 0) return literalIssue([...tags, ...extraTags(schema).filter((t) => !tags.includes(t))], tag, joinPath(path, key), issues);
  walkSchema(variants[index]!, value, path, issues);
}
