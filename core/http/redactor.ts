import { ExactInteger } from './exact-integer';

/**
 * Redaction in one place. Everything that leaves the engine as text (URLs, headers, log lines, error messages,
 * previews, load info) passes through a Redactor, which masks:
 * - query params and headers whose names carry credentials,
 * - every registered secret value, including its URL-encoded and base64 forms.
 */
export const MASK = '***';

/** Query param names that carry credentials (dlt's list). */
export const SECRET_PARAM_NAMES = new Set([
  'api_key', 'token', 'key', 'access_token', 'apikey', 'api-key', 'access-token', 'secret', 'password', 'pwd',
  'client_secret', 'refresh_token', 'id_token', 'signature', 'sig', 'auth', 'session',
]);

const SECRET_HEADER_NAMES = new Set(['authorization', 'proxy-authorization', 'cookie', 'set-cookie']);
/** Header names like `X-API-Key`, `X-Auth-Token`, `Private-Token`, `X-Client-Secret`. */
const SECRET_HEADER_PATTERN = /(api[-_]?key|token|secret|password|passwd|auth|session|credential|signature)/i;

/** Secrets shorter than this are not masked inside free text: masking "a" would shred every message. */
const MIN_SECRET_LENGTH = 4;

export function isSecretHeaderName(name: string): boolean {
  const lower = name.toLowerCase();
  return SECRET_HEADER_NAMES.has(lower) || SECRET_HEADER_PATTERN.test(lower);
}

export function isSecretParamName(name: string): boolean {
  return SECRET_PARAM_NAMES.has(name.toLowerCase());
}

function base64(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary);
}

/** `%2F` or `%2f` for one byte: encoders disagree on hex case. */
function percentPattern(byte: number): string {
  return '%' + [...byte.toString(16).toUpperCase().padStart(2, '0')].map((h) => /[A-F]/.test(h) ? `[${h}${h.toLowerCase()}]` : h).join('');
}

/**
 * Matches a secret however a URL or form encoder wrote it: every character either as is or percent-encoded (any
 * hex case), a space also as `+`. Encoders differ (encodeURIComponent, URLSearchParams, the URL parser each keep a
 * different set of characters), so one pattern covers them all instead of listing their outputs.
 */
function encodedPattern(value: string): RegExp {
  const encoder = new TextEncoder();
  let source = '';
  for (const ch of value) {
    const alternatives = [ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), [...encoder.encode(ch)].map(percentPattern).join('')];
    if (ch === ' ') alternatives.push('\\+');
    source += `(?:${alternatives.join('|')})`;
  }
  return new RegExp(source, 'g');
}

export class Redactor {
  /** Every form of every registered secret, longest first so a longer form is masked before its substring. */
  private forms: string[] = [];
  /** Encoding-tolerant patterns, for secrets with characters an encoder may escape. */
  private patterns: RegExp[] = [];
  private readonly secrets = new Set<string>();

  /** Marks a value as secret: from now on it is masked wherever it appears. */
  registerSecret(value: string | undefined | null): void {
    if (!value || value.length < MIN_SECRET_LENGTH || this.secrets.has(value)) return;
    this.secrets.add(value);
    const forms = new Set([value, encodeURIComponent(value), encodeURIComponent(value).replace(/%20/g, '+'), base64(value)]);
    // JSON-escaped form, for secrets with quotes or backslashes inside serialized bodies.
    forms.add(JSON.stringify(value).slice(1, -1));
    // base64url (JWT segments, some signed URLs), with and without padding.
    forms.add(base64(value).replace(/\+/g, '-').replace(/\//g, '_'));
    forms.add(base64(value).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, ''));
    this.forms = [...new Set([...this.forms, ...forms])].sort((a, b) => b.length - a.length);
    if (/[^A-Za-z0-9_.~-]/.test(value)) this.patterns.push(encodedPattern(value));
  }

  /** Basic auth puts base64(user:password) on the wire: register that form too. */
  registerBasicCredentials(username: string, password: string): void {
    this.registerSecret(password);
    this.registerSecret(base64(`${username}:${password}`));
    // OAuth2 client credentials in a Basic header are form-encoded first (RFC 6749 §2.3.1).
    this.registerSecret(base64(`${encodeURIComponent(username)}:${encodeURIComponent(password)}`));
  }

  get secretCount(): number {
    return this.secrets.size;
  }

  /** Masks registered secret values anywhere in free text. */
  redactText(text: string): string {
    let out = text;
    for (const form of this.forms) {
      if (out.includes(form)) out = out.split(form).join(MASK);
    }
    if (out.includes('%') || out.includes('+')) for (const pattern of this.patterns) out = out.replace(pattern, MASK);
    return out;
  }

  /** Masks credential-carrying query params and user info, then any registered secret. */
  redactUrl(url: string): string {
    let out = url;
    try {
      const parsed = new URL(url);
      let changed = false;
      if (parsed.password) { parsed.password = MASK; changed = true; }
      for (const name of [...parsed.searchParams.keys()]) {
        if (isSecretParamName(name)) { parsed.searchParams.set(name, MASK); changed = true; }
      }
      if (changed) out = parsed.toString().replace(/%2A%2A%2A/g, MASK);
    } catch {
      // Not an absolute URL: fall through to text redaction.
    }
    return this.redactText(out);
  }

  redactHeaders(headers: Record<string, string> | Iterable<[string, string]>): Record<string, string> {
    const entries = Symbol.iterator in headers ? [...(headers as Iterable<[string, string]>)] : Object.entries(headers);
    const out: Record<string, string> = {};
    for (const [name, value] of entries) {
      out[name] = isSecretHeaderName(name) ? redactHeaderValue(value) : this.redactText(value);
    }
    return out;
  }

  /** Deep-redacts a JSON value: strings are text-redacted, keys that name credentials are masked. */
  redactJson<T>(value: T): T {
    return this.redactJsonValue(value, undefined) as T;
  }

  private redactJsonValue(value: unknown, key: string | undefined): unknown {
    if (typeof value === 'string') return key !== undefined && isSecretParamName(key) && value ? MASK : this.redactText(value);
    if (Array.isArray(value)) return value.map((v) => this.redactJsonValue(v, undefined));
    // a number beyond 2^53, kept exact (see parseJson): a number is never a secret here, as above
    if (value instanceof ExactInteger) return value;
    if (value && typeof value === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) out[k] = this.redactJsonValue(v, k);
      return out;
    }
    return value;
  }
}

/** Keeps the scheme word (`Bearer`, `Basic`) so a reader can tell which auth was sent. */
function redactHeaderValue(value: string): string {
  const scheme = /^(Bearer|Basic|Token|Digest|Bot)\s+/i.exec(value);
  return scheme ? `${scheme[1]} ${MASK}` : MASK;
}

/** The process-wide redactor: auth and secret providers register values here. */
export const redactor = new Redactor();
