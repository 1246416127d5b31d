import { describe, expect, it } from 'vitest';
import { isTrustedSender, rendererEntry } from '../../../electron/main/renderer-entry';

describe('rendererEntry', () => {
  it('uses the dev server when electron-vite provides one, the built file otherwise', () => {
    expect(rendererEntry('http://localhost:5173', '/app/out/renderer/index.html')).toEqual({ kind: 'url', url: 'http://localhost:5173' });
    expect(rendererEntry(undefined, '/app/out/renderer/index.html')).toEqual({ kind: 'file', file: '/app/out/renderer/index.html' });
  });
});

describe('isTrustedSender', () => {
  const built = rendererEntry(undefined, '/opt/Sluice/resources/app.asar/out/renderer/index.html');
  const dev = rendererEntry('http://localhost:5173/', '');

  it.each([
    ['the built page', 'file:///opt/Sluice/resources/app.asar/out/renderer/index.html', true],
    ['the built page with a hash', 'file:///opt/Sluice/resources/app.asar/out/renderer/index.html#/x', true],
    ['another local file', 'file:///etc/passwd', false],
    ['a sibling html file', 'file:///opt/Sluice/resources/app.asar/out/renderer/other.html', false],
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
  ])('dev server: %s → %s', (_case, url, trusted) => {
    expect(isTrustedSender(url, dev)).toBe(trusted);
  });

  it('handles Windows paths of the built page', () => {
    const windows = rendererEntry(undefined, 'C:\\Program Files\\Sluice\\resources\\app.asar\\out\\renderer\\index.html');
    expect(isTrustedSender('file:///C:/Program%20Files/Sluice/resources/app.asar/out/renderer/index.html', windows)).toBe(true);
  });
});
