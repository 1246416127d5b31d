import { describe, expect, it } from 'vitest';
import { parseJsonBody } from '../../../core/http/parse-json-body';
import { Redactor } from '../../../core/http';

const request = { method: 'GET', url: 'https://api.x.test/items' };

describe('parsing response bodies', () => {
  it('an empty or blank body is undefined, not an error', () => {
    expect(parseJsonBody('', 'application/json', request, new Redactor())).toBeUndefined();
    expect(parseJsonBody(' \n', null, request, new Redactor())).toBeUndefined();
  });

  it('says the line and column of a syntax error in a multi-line body', () => {
    const body = '{\n  "items": [\n    {"id": 1},\n    {"id": 2,}\n  ]\n}';
    expect(() => parseJsonBody(body, 'application/json', request, new Redactor())).toThrow(/ at line 4, column 14, near `/);
  });

  it('names a non-JSON content type', () => {
    expect(() => parseJsonBody('<html></html>', 'text/html; charset=utf-8', request, new Redactor()))
      .toThrow("GET https://api.x.test/items: expected a JSON body, got `text/html; charset=utf-8` (Unexpected token '<'); body starts: <html></html>");
  });

  it('never shows a registered secret from the body', () => {
    const redactor = new Redactor();
    redactor.registerSecret('tok-SECRET-999');
    let message = '';
    try {
      parseJsonBody('{"echo": "tok-SECRET-999", oops}', 'application/json', request, redactor);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('"echo": "***"');
    expect(message).not.toContain('tok-SECRET-999');
  });
});
