import { ResponseParseError } from '../errors/response-parse-error';
import { parseJson } from './parse-json';
import type { Redactor } from './redactor';

/**
 * Parses a response body as JSON; an empty body is `undefined`. On failure the ResponseParseError says where (the
 * position when the engine reports one, with the text around it) and shows a bounded, redacted excerpt; a non-JSON
 * content type (an HTML login page) is named as such.
 */
export function parseJsonBody(text: string, contentType: string | null, request: { method: string; url: string }, redactor: Redactor): unknown {
  if (text.trim() === '') return undefined;
  try {
    return parseJson(text);
  } catch (error) {
    const type = contentType ?? 'no content type';
    // V8 sometimes quotes the whole body in its message; the excerpt below already shows it, bounded.
    const raw = String((error as Error).message).replace(/, ".*" is not valid JSON$/s, '');
    const detail = redactor.redactText(raw).slice(0, 160);
    const position = /position (\d+)/.exec(detail);
    const at = position ? Number(position[1]) : undefined;
    let where = '';
    if (at !== undefined) {
      const before = text.slice(0, at);
      const line = before.split('\n').length;
      const column = at - before.lastIndexOf('\n');
      where = ` at line ${line}, column ${column}, near \`${redactor.redactText(text.slice(Math.max(0, at - 20), at + 20))}\``;
    }
    const message = /json/i.test(type)
      ? `response is not valid JSON (${detail})${where}`
      : `expected a JSON body, got \`${type}\` (${detail})`;
    throw new ResponseParseError(message, { method: request.method, url: request.url, body: redactor.redactText(text), position: at });
  }
}
