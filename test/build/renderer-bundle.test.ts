import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

// Checks what `npm run build` produced (npm test builds before the unit tests run).
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const OUT = join(ROOT, 'out');

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).map((f) => join(dir, f)).filter((f) => statSync(f).isFile());
}

const BUILTINS = builtinModules.filter((m) => !m.startsWith('_')).map((m) => m.replace(/[/]/g, '\\/')).join('|');
/** An import or require of a Node built-in or electron, in any form a bundler emits. */
const NODE_IMPORT = new RegExp(
  `(?:\\bfrom\\s*|\\bimport\\s*\\(\\s*|\\brequire\\s*\\(\\s*|\\bimport\\s*)["'](?:node:[\\w/]+|(?:${BUILTINS})(?:\\/[\\w/]*)?|electron)["']`,
  'g',
);

describe('the built bundles', () => {
  beforeAll(() => {
    if (!existsSync(join(OUT, 'renderer', 'index.html'))) throw new Error('out/ is missing: run `npm run build` before this test');
  });

  it('emit the Electron main process, the CLI, the sandboxed preload and the renderer', () => {
    for (const file of ['main/index.js', 'main/cli.js', 'preload/index.cjs', 'renderer/index.html']) {
      expect(existsSync(join(OUT, file)), file).toBe(true);
    }
  });

  it('keep Node built-ins and electron out of every renderer file', () => {
    const offenders: string[] = [];
    for (const file of filesUnder(join(OUT, 'renderer')).filter((f) => /\.(m?js|html)$/.test(f))) {
      const text = readFileSync(file, 'utf8');
      for (const match of text.matchAll(NODE_IMPORT)) offenders.push(`${file.slice(OUT.length)}: ${match[0]}`);
      if (/["']node:[a-z_]+/.test(text)) offenders.push(`${file.slice(OUT.length)}: mentions a node: module`);
    }
    expect(offenders).toEqual([]);
  });

  it('catch a Node import when there is one (the check above can fail)', () => {
    const samples = ['import{readFile as e}from"node:fs";', 'const p=require("path")', 'await import("fs/promises")', 'from"electron"'];
    for (const sample of samples) expect(sample.match(NODE_IMPORT), sample).not.toBeNull();
    expect('from"@mui/material/styles";const pathname="x"'.match(NODE_IMPORT)).toBeNull();
  });

  it('load everything relatively, from the app itself, under a strict Content-Security-Policy', () => {
    const html = readFileSync(join(OUT, 'renderer', 'index.html'), 'utf8');
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1]?.replace(/&#39;/g, "'");
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self';");
    expect(csp).toContain("worker-src 'self' blob:");
    expect(csp).not.toMatch(/unsafe-eval|https?:/);
    const refs = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
    expect(refs.length).toBeGreaterThan(1);
    for (const ref of refs) expect(ref, ref).toMatch(/^\.\//);
  });

  it('carry Monaco locally with only the editor and JSON workers, at the JSON-only size', () => {
    const assets = readdirSync(join(OUT, 'renderer', 'assets'));
    expect(assets.some((f) => /^editor\.worker-.*\.js$/.test(f))).toBe(true);
    expect(assets.some((f) => /^json\.worker-.*\.js$/.test(f))).toBe(true);
    expect(assets.filter((f) => /^(ts|css|html)\.worker/.test(f))).toEqual([]);
    const bytes = filesUnder(join(OUT, 'renderer')).reduce((sum, f) => sum + statSync(f).size, 0);
    // All of Monaco's languages would be ~15 MB; the editor core + JSON is ~5.5 MB.
    expect(bytes).toBeLessThan(8_000_000);
  });

  it('ship the pipeline normalize worker next to the code that starts it', () => {
    const starters = filesUnder(join(OUT, 'main')).filter((f) => f.endsWith('.js') && readFileSync(f, 'utf8').includes('./normalize-worker.js'));
    expect(starters.length).toBeGreaterThan(0);
    for (const file of starters) expect(existsSync(join(file, '..', 'normalize-worker.js')), file).toBe(true);
  });

  it('build the preload as one CommonJS file that requires nothing but electron (sandboxed preloads cannot)', () => {
    const preload = readFileSync(join(OUT, 'preload', 'index.cjs'), 'utf8');
    const required = [...preload.matchAll(/require\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1]);
    expect(new Set(required)).toEqual(new Set(['electron']));
    expect(preload).not.toMatch(/^\s*(import|export)\s/m);
    expect(preload).toContain('exposeInMainWorld');
  });
});
