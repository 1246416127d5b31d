import { describe, expect, it } from 'vitest';
import { Redactor, joinUrl, buildUrl } from '../../../core/http';

describe('redaction', () => {
  it('masks credential query params and URL passwords', () => {
    const r = new Redactor();
    expect(r.redactUrl('https://api.example.com/items?api_key=abc123&page=2')).toBe('https://api.example.com/items?api_key=***&page=2');
    expect(r.redactUrl('https://api.example.com/items?access_token=x&Token=y')).toBe('https://api.example.com/items?access_token=***&Token=***');
    expect(r.redactUrl('https://ada:hunter22@api.example.com/')).toBe('https://ada:***@api.example.com/');
  });

  it('masks registered secrets anywhere, in raw, URL-encoded and base64 forms', () => {
    const r = new Redactor();
    r.registerSecret('s3cr3t/value+1');
    expect(r.redactUrl('https://x.test/a?q=s3cr3t%2Fvalue%2B1')).toBe('https://x.test/a?q=***');
    expect(r.redactText('token s3cr3t/value+1 and again s3cr3t/value+1')).toBe('token *** and again ***');
    expect(r.redactText(`b64 ${btoa('s3cr3t/value+1')}`)).toBe('b64 ***');
  });

  it('masks credential headers but keeps the scheme word', () => {
    const r = new Redactor();
    expect(r.redactHeaders({ Authorization: 'Bearer abc.def', 'X-API-Key': 'k', Accept: 'application/json', Cookie: 'sid=1' })).toEqual({
      Authorization: 'Bearer ***', 'X-API-Key': '***', Accept: 'application/json', Cookie: '***',
    });
  });

  it('masks basic credentials as they go on the wire', () => {
    const r = new Redactor();
    r.registerBasicCredentials('ada', 'pässword');
    const wire = btoa(String.fromCharCode(...new TextEncoder().encode('ada:pässword')));
    expect(r.redactText(`Basic ${wire}`)).toBe('Basic ***');
  });

  it('deep-redacts JSON bodies by key and by value', () => {
    const r = new Redactor();
    r.registerSecret('refresh-me-123');
    expect(r.redactJson({ client_secret: 'x', nested: { note: 'uses refresh-me-123' }, list: ['refresh-me-123'] })).toEqual({
      client_secret: '***', nested: { note: 'uses ***' }, list: ['***'],
    });
  });

  it('does not mask very short secrets inside text', () => {
    const r = new Redactor();
    r.registerSecret('ab');
    expect(r.redactText('about')).toBe('about');
  });
});

describe('URL building', () => {
  it("joins paths the way dlt does; absolute URLs bypass the base", () => {
    expect(joinUrl('https://api.x.test/v1', 'items')).toBe('https://api.x.test/v1/items');
    expect(joinUrl('https://api.x.test/v1/', '/items')).toBe('https://api.x.test/v1/items');
    expect(joinUrl('https://api.x.test/v1', 'https://other.test/a')).toBe('https://other.test/a');
  });

  it('adds params on top of the URL query; arrays repeat, null drops', () => {
    expect(buildUrl({ url: 'https://x.test/a?fixed=1', params: { page: 2, tag: ['a', 'b'], skip: null } })).toBe('https://x.test/a?fixed=1&page=2&tag=a&tag=b');
  });
});
