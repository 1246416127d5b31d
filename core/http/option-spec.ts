import { ConfigError } from '../errors/config-error';

/** How one option of a paginator or auth is described: drives validation, the config schema and form hints. */
export interface OptionSpec {
  name: string;
  kind: 'string' | 'integer' | 'boolean' | 'jsonpath' | 'object' | 'enum';
  description: string;
  required?: boolean;
  /** dlt's default; `null` where dlt's default is None. */
  default?: string | number | boolean | null;
  /** Valid values for `enum`. */
  values?: readonly string[];
  /** `null` is accepted (meaning "not used"), e.g. `total_path: null`. */
  nullable?: boolean;
  /** Holds a credential: registered with the redactor, masked in previews. */
  secret?: boolean;
  /** Integers must be ≥ this. */
  min?: number;
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') return `"${value}"`;
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  return typeof value === 'object' ? 'an object' : String(value);
}

function expected(spec: OptionSpec): string {
  switch (spec.kind) {
    case 'integer': return spec.min !== undefined && spec.min > 0 ? 'a positive integer' : 'an integer ≥ 0';
    case 'boolean': return 'true or false';
    case 'object': return 'an object';
    case 'enum': return `one of ${(spec.values ?? []).join(', ')}`;
    default: return 'a non-empty string';
  }
}

function valid(spec: OptionSpec, value: unknown): boolean {
  switch (spec.kind) {
    case 'integer': return Number.isInteger(value) && (value as number) >= (spec.min ?? 0);
    case 'boolean': return typeof value === 'boolean';
    case 'object': return typeof value === 'object' && value !== null && !Array.isArray(value);
    case 'enum': return typeof value === 'string' && (spec.values ?? []).includes(value);
    default: return typeof value === 'string' && value.length > 0;
  }
}

/**
 * Checks a dlt-shaped options object against its specs. Throws one ConfigError listing every problem, each
 * located at `<path>.<option>`.
 */
export function checkOptions(config: Record<string, unknown>, specs: readonly OptionSpec[], what: string, path: string): void {
  const issues: { path: string; message: string }[] = [];
  const known = new Set(['type', ...specs.map((s) => s.name)]);
  for (const key of Object.keys(config)) {
    if (!known.has(key)) {
      const names = specs.map((s) => s.name).join(', ') || 'none';
      issues.push({ path: `${path}.${key}`, message: `unknown option \`${key}\` for ${what}: valid options are: ${names}` });
    }
  }
  for (const spec of specs) {
    const value = config[spec.name];
    if (value === undefined || (value === null && spec.nullable)) {
      if (spec.required) {
        issues.push({ path: `${path}.${spec.name}`, message: `\`${spec.name}\` is required for ${what}: expected ${expected(spec)}, got nothing` });
      }
      continue;
    }
    if (!valid(spec, value)) {
      const message = spec.kind === 'enum'
        ? `\`${spec.name}\` of ${what} must be one of the valid values: ${(spec.values ?? []).join(', ')}; got ${describe(value)}`
        : `\`${spec.name}\` of ${what} must be ${expected(spec)}, got ${spec.secret ? `a ${typeof value}` : describe(value)}`;
      issues.push({ path: `${path}.${spec.name}`, message });
    }
  }
  if (issues.length > 0) throw new ConfigError(issues);
}
