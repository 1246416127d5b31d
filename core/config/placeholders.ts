import { ExactInteger } from '../http/exact-integer';

/**
 * `{placeholders}` in paths, params, bodies and headers. One parser, used by validation (every placeholder must be
 * known) and by the source at request time. `{{` and `}}` are literal braces.
 */
export type TemplatePart = { kind: 'text'; text: string } | { kind: 'placeholder'; expr: string };

export type Placeholder =
  | { kind: 'resource'; resource: string; field: string }
  | { kind: 'incremental'; key: IncrementalPlaceholderKey }
  | { kind: 'secret'; name: string }
  | { kind: 'param'; name: string };

export const INCREMENTAL_PLACEHOLDER_KEYS = ['start_value', 'initial_value', 'last_value', 'end_value'] as const;
export type IncrementalPlaceholderKey = (typeof INCREMENTAL_PLACEHOLDER_KEYS)[number];

export class TemplateSyntaxError extends Error {}

export function parseTemplate(text: string): TemplatePart[] {
  const parts: TemplatePart[] = [];
  let literal = '';
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === '{' && text[i + 1] === '{') { literal += '{'; i += 2; continue; }
    if (ch === '}' && text[i + 1] === '}') { literal += '}'; i += 2; continue; }
    if (ch === '}') throw new TemplateSyntaxError(`unmatched \`}\` at character ${i + 1}; write \`}}\` for a literal brace`);
    if (ch === '{') {
      const end = text.indexOf('}', i + 1);
      const open = text.indexOf('{', i + 1);
      if (end < 0 || (open >= 0 && open < end)) {
        throw new TemplateSyntaxError(`unclosed \`{\` at character ${i + 1}; write \`{{\` for a literal brace`);
      }
      if (literal) { parts.push({ kind: 'text', text: literal }); literal = ''; }
      parts.push({ kind: 'placeholder', expr: text.slice(i + 1, end).trim() });
      i = end + 1;
      continue;
    }
    literal += ch;
    i++;
  }
  if (literal) parts.push({ kind: 'text', text: literal });
  return parts;
}

export function hasPlaceholders(parts: TemplatePart[]): boolean {
  return parts.some((p) => p.kind === 'placeholder');
}

/** Classifies a placeholder expression, or returns an error message for an unknown one. */
export function classifyPlaceholder(expr: string, legacyParams: ReadonlySet<string>): Placeholder | string {
  const dot = expr.indexOf('.');
  const head = dot < 0 ? expr : expr.slice(0, dot);
  const rest = dot < 0 ? '' : expr.slice(dot + 1);
  if (head === 'resources') {
    const second = rest.indexOf('.');
    if (second <= 0 || second === rest.length - 1) {
      return `placeholder \`{${expr}}\` must name a parent resource and a field: \`{resources.<parent>.<field>}\``;
    }
    return { kind: 'resource', resource: rest.slice(0, second), field: rest.slice(second + 1) };
  }
  if (head === 'incremental') {
    if ((INCREMENTAL_PLACEHOLDER_KEYS as readonly string[]).includes(rest)) {
      return { kind: 'incremental', key: rest as IncrementalPlaceholderKey };
    }
    return `unknown placeholder \`{${expr}}\`; valid incremental placeholders are: ${INCREMENTAL_PLACEHOLDER_KEYS.map((k) => `\`{incremental.${k}}\``).join(', ')}`;
  }
  if (head === 'secrets') {
    if (/^[A-Za-z_][\w-]*$/.test(rest)) return { kind: 'secret', name: rest };
    return `placeholder \`{${expr}}\` must name a secret: \`{secrets.<name>}\` with letters, digits, \`_\` or \`-\``;
  }
  if (dot < 0 && legacyParams.has(expr)) return { kind: 'param', name: expr };
  return `unknown placeholder \`{${expr}}\`; valid placeholders are \`{resources.<parent>.<field>}\`, \`{incremental.start_value}\` (and \`initial_value\`, \`last_value\`, \`end_value\`), \`{secrets.<name>}\` and \`resolve\` params; write \`{{\` and \`}}\` for literal braces`;
}

/** Replaces each placeholder by `lookup(...)`, stringified. */
export function renderTemplate(parts: TemplatePart[], lookup: (expr: string) => unknown): string {
  return parts.map((p) => (p.kind === 'text' ? p.text : stringify(lookup(p.expr)))).join('');
}

function stringify(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/**
 * Renders strings anywhere inside a JSON value. With `keepTypes`, a string that is exactly one placeholder becomes
 * the placeholder's value itself (a number stays a number in a JSON body).
 */
export function renderDeep(value: unknown, lookup: (expr: string) => unknown, keepTypes: boolean): unknown {
  if (typeof value === 'string') {
    const parts = parseTemplate(value);
    if (!hasPlaceholders(parts)) return parts.map((p) => (p.kind === 'text' ? p.text : '')).join('');
    if (keepTypes && parts.length === 1 && parts[0]!.kind === 'placeholder') {
      // An exact integer goes as its digits: request bodies are copied with structuredClone, which drops its class.
      const found = lookup(parts[0]!.expr);
      return found instanceof ExactInteger ? found.digits : found;
    }
    return renderTemplate(parts, lookup);
  }
  if (Array.isArray(value)) return value.map((v) => renderDeep(v, lookup, keepTypes));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, renderDeep(v, lookup, keepTypes)]));
  }
  return value;
}

/** Every string inside a JSON value, with its JSON path. */
export function collectStrings(value: unknown, path: string, out: Array<{ path: string; text: string }>,
  join: (path: string, key: string | number) => string): Array<{ path: string; text: string }> {
  if (typeof value === 'string') out.push({ path, text: value });
  else if (Array.isArray(value)) value.forEach((v, i) => collectStrings(v, join(path, i), out, join));
  else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) collectStrings(v, join(path, k), out, join);
  }
  return out;
}
