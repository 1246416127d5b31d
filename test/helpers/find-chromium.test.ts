import { describe, expect, it } from 'vitest';
import { NO_CHROMIUM_MESSAGE, findChromium } from './find-chromium';

const on = (...paths: string[]) => (path: string) => paths.includes(path);

describe('findChromium', () => {
  it('prefers CHROMIUM_PATH, then /usr/bin/chromium, then Playwright\'s own browser', () => {
    const all = on('/opt/c', '/usr/bin/chromium', '/pw/chrome');
    expect(findChromium({ CHROMIUM_PATH: '/opt/c' }, () => '/pw/chrome', all)).toEqual({ path: '/opt/c', source: 'CHROMIUM_PATH' });
    expect(findChromium({}, () => '/pw/chrome', all)).toEqual({ path: '/usr/bin/chromium', source: '/usr/bin/chromium' });
    expect(findChromium({}, () => '/pw/chrome', on('/pw/chrome'))).toEqual({ path: '/pw/chrome', source: 'playwright' });
  });

  it('says in one line what to install when nothing is found', () => {
    const lookup = findChromium({}, () => { throw new Error('not installed'); }, on());
    expect(lookup).toEqual({ error: NO_CHROMIUM_MESSAGE });
    expect(NO_CHROMIUM_MESSAGE).not.toContain('\n');
    expect(NO_CHROMIUM_MESSAGE).toContain('apt-get install chromium');
  });

  it('rejects a CHROMIUM_PATH that points nowhere instead of silently using another browser', () => {
    expect(findChromium({ CHROMIUM_PATH: '/nope' }, () => '/pw', on('/usr/bin/chromium', '/pw'))).toEqual({
      error: 'e2e: CHROMIUM_PATH is `/nope` but no file is there; point it at a Chromium binary or unset it.',
    });
  });
});
