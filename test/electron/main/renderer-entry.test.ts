import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { APP_INDEX_URL, contentType, isTrustedSender, rendererEntry, resolveAppFile } from '../../../electron/main/renderer-entry';

describe('rendererEntry', () => {
  it('uses the dev server when electron-vite provides one, the app scheme otherwise', () => {
    expect(rendererEntry('http://localhost:5173')).toEqual({ kind: 'dev', url: 'http://localhost:5173' });
    expect(rendererEntry(undefined)).toEqual({ kind: 'app', url: 'sluice://app/index.html' });
    expect(APP_INDEX_URL).toBe('sluice://app/index.html');
  });
});

describe('isTrustedSender', () => {
  const built = rendererEntry(undefined);
  const dev = rendererEntry('http://localhost:5173/');

  it.each([
    ['the built page', 'sluice://app/index.html', true],
    ['the built page with a hash', 'sluice://app/index.html#/x', true],
    ['another host on the scheme', 'sluice://evil/index.html', false],
    ['a local file', 'file:///etc/passwd', false],
    ['a web page', 'https://example.com/', false],
    ['nothing', undefined, false],
    ['garbage', 'not a url', false],
  ])('built app: %s → %s', (_case, url, trusted) => {
    expect(isTrustedSender(url, built)).toBe(trusted);
  });

  it.each([
    ['the dev server', 'http://localhost:5173/index.html', true],
    ['another port', 'http://localhost:5174/', false],
    ['another host', 'http://127.0.0.1:5173/', false],
    ['the app scheme', 'sluice://app/index.html', false],
  ])('dev server: %s → %s', (_case, url, trusted) => {
    expect(isTrustedSender(url, dev)).toBe(trusted);
  });
});

describe('resolveAppFile', () => {
  const dir = join('/opt', 'Sluice', 'resources', 'app.asar', 'out', 'renderer');

  it.each([
    ['sluice://app/', join(dir, 'index.html')],
    ['sluice://app/index.html', join(dir, 'index.html')],
    ['sluice://app/assets/index-abc.js?v=1', join(dir, 'assets', 'index-abc.js')],
    ['sluice://app/assets/a%20b.css', join(dir, 'assets', 'a b.css')],
    // URL parsing already folds dot segments at the root, so these stay inside the directory
    ['sluice://app/../../../etc/passwd', join(dir, 'etc', 'passwd')],
    ['sluice://app/%2e%2e/%2e%2e/secrets.toml', join(dir, 'secrets.toml')],
  ])('%s → a file in the renderer directory', (url, file) => {
    expect(resolveAppFile(dir, url)).toBe(file);
  });

  it.each([
    ['an encoded separator climbing out', 'sluice://app/assets%2f..%2f..%2f..%2fpackage.json'],
    ['a NUL byte', 'sluice://app/index.html%00.png'],
    ['bad escapes', 'sluice://app/%E0%A4%A'],
    ['another host', 'sluice://other/index.html'],
    ['another scheme', 'file:///opt/Sluice/index.html'],
  ])('refuses %s', (_case, url) => {
    expect(resolveAppFile(dir, url)).toBeUndefined();
  });
});

it.each([['a.js', 'text/javascript; charset=utf-8'], ['x/index.HTML', 'text/html; charset=utf-8'], ['c.ttf', 'font/ttf'], ['blob', 'application/octet-stream']])(
  'contentType(%s) = %s', (file, type) => { expect(contentType(file)).toBe(type); },
);
