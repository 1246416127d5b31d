import { describe, expect, it } from 'vitest';
import { MASK, Redactor } from '../../../core/http/redactor';

/** Every way a secret travels: the forms a leak test must not find. */
function encodedForms(secret: string): Record<string, string> {
  const b64 = Buffer.from(secret).toString('base64');
  const viaUrl = new URL('https://api.test/items');
  viaUrl.searchParams.set('q', secret);
  return {
    raw: secret,
    encodeURIComponent: encodeURIComponent(secret),
    'lower-case hex': encodeURIComponent(secret).replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase()),
    'form-urlencoded': new URLSearchParams({ q: secret }).toString().slice(2),
    'URL parser (searchParams)': viaUrl.search.slice(3),
    'URL parser (raw query)': new URL(`https://api.test/items?q=${secret}`).search.slice(3),
    base64: b64,
    base64url: Buffer.from(secret).toString('base64url'),
    'JSON string': JSON.stringify(secret).slice(1, -1),
  };
}

const SECRETS = ['ghp_plainAlnumToken123', "p!a'ss(w)o*rd~ &=+/ü", 'key"with\\quotes', 'tok-abc/def+ghi=='];

describe('the redactor masks a registered secret in every encoded form', () => {
  for (const secret of SECRETS) {
    for (const [form, text] of Object.entries(encodedForms(secret))) {
      it(`${JSON.stringify(secret)} as ${form}`, () => {
        const redactor = new Redactor();
        redactor.registerSecret(secret);
        const masked = redactor.redactText(`before ${text} after`);
        expect(masked).toBe(`before ${MASK} after`);
      });
    }
  }

  it('inside URLs, headers and JSON bodies', () => {
    const redactor = new Redactor();
    const secret = 'sk_live_51Hxyz/abc+def';
    redactor.registerSecret(secret);
    const url = new URL('https://api.test/v1/items');
    url.searchParams.set('filter', `owner:${secret}`);
    expect(redactor.redactUrl(url.toString())).not.toMatch(/sk_live|51Hxyz/);
    expect(redactor.redactHeaders({ 'X-Custom': `v=${secret}`, Authorization: `Bearer ${secret}` })).toEqual({ 'X-Custom': `v=${MASK}`, Authorization: `Bearer ${MASK}` });
    expect(redactor.redactJson({ error: { detail: `token ${secret} is revoked`, list: [secret] } })).toEqual({ error: { detail: `token ${MASK} is revoked`, list: [MASK] } });
    expect(redactor.redactText(JSON.stringify({ echoed: secret }))).toBe(`{"echoed":"${MASK}"}`);
  });

  it('Basic credentials, raw and form-encoded as OAuth2 sends them', () => {
    const redactor = new Redactor();
    redactor.registerBasicCredentials('client id', 'se:cr/et');
    const raw = Buffer.from('client id:se:cr/et').toString('base64');
    const encoded = Buffer.from(`${encodeURIComponent('client id')}:${encodeURIComponent('se:cr/et')}`).toString('base64');
    expect(redactor.redactText(`Basic ${raw} / Basic ${encoded}`)).toBe(`Basic ${MASK} / Basic ${MASK}`);
  });

  it('leaves ordinary text alone', () => {
    const redactor = new Redactor();
    redactor.registerSecret('p@ss word');
    expect(redactor.redactText('GET https://api.test/items?page=2&q=a+b%20c 200 OK')).toBe('GET https://api.test/items?page=2&q=a+b%20c 200 OK');
  });
});
