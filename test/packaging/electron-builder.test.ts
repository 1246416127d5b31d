import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';

// electron-builder cannot run here (it downloads Electron), so this checks its config against the real build output:
// what `files` would pack, that native addons are unpacked from the asar, and that the icons are real images.
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

interface BuilderConfig {
  appId: string;
  productName: string;
  directories: { output: string; buildResources: string };
  files: string[];
  asarUnpack: string[];
  npmRebuild: boolean;
  linux: { target: string[]; icon: string };
  mac: { target: string[]; icon: string };
  win: { target: string[]; icon: string };
}

/** electron-builder's glob dialect as this config uses it: `**`, `*`, `?`, `{a,b}`. */
function globToRegExp(glob: string): RegExp {
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (glob.startsWith('**/', i)) { out += '(?:.*/)?'; i += 2; }
    else if (glob.startsWith('/**', i) && i + 3 === glob.length) { out += '(?:/.*)?'; i += 2; }
    else if (glob.startsWith('**', i)) { out += '.*'; i += 1; }
    else if (c === '*') out += '[^/]*';
    else if (c === '?') out += '[^/]';
    else if (c === '{') out += '(?:';
    else if (c === '}') out += ')';
    else if (c === ',') out += '|';
    else out += c.replace(/[.+^$()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${out}$`);
}

/** Files the `files` list selects, in electron-builder's order: later `!` patterns remove earlier matches. */
function packed(patterns: string[], candidates: string[]): string[] {
  const rules = patterns.map((p) => ({ exclude: p.startsWith('!'), re: globToRegExp(p.replace(/^!/, '')) }));
  return candidates.filter((file) => rules.reduce((inside, rule) => (rule.re.test(file) ? !rule.exclude : inside), false));
}

/** Every file of the checkout that packaging could see (node_modules is added by electron-builder separately). */
function appFiles(dir = ROOT): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (['node_modules', '.git'].includes(entry.name)) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...appFiles(path));
    else out.push(relative(ROOT, path).split('\\').join('/'));
  }
  return out;
}

const config = parse(readFileSync(join(ROOT, 'electron-builder.yml'), 'utf8')) as BuilderConfig;

describe('electron-builder.yml', () => {
  let files: string[];

  beforeAll(() => {
    if (!existsSync(join(ROOT, 'out', 'main', 'index.js'))) throw new Error('out/ is missing: run `npm run build` before this test');
    files = packed(config.files, appFiles());
  });

  it('names the app and targets Linux (AppImage, deb), macOS (dmg) and Windows (nsis)', () => {
    expect(config.appId).toMatch(/^[a-z]+(\.[a-z]+)+$/);
    expect(config.productName).toBe('Sluice');
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.mac.target).toEqual(['dmg']);
    expect(config.win.target).toEqual(['nsis']);
  });

  it('passes electron-builder\'s own configuration schema', async () => {
    // app-builder-lib is electron-builder's engine (installed with it); this is the check `npm run dist` runs first.
    const { validateConfiguration } = await import('app-builder-lib/out/util/config/config') as unknown as {
      validateConfiguration(config: unknown, logger: { isEnabled: boolean; add(): void }): Promise<void>;
    };
    await expect(validateConfiguration(config, { isEnabled: false, add: () => undefined })).resolves.toBeUndefined();
    await expect(validateConfiguration({ ...config, linux: { ...config.linux, targett: ['deb'] } }, { isEnabled: false, add: () => undefined }))
      .rejects.toThrow(/configuration\.linux/);
  });

  it('has a pattern list where every including pattern matches something after the build', () => {
    for (const pattern of config.files.filter((p) => !p.startsWith('!'))) {
      expect(packed([pattern], appFiles()).length, pattern).toBeGreaterThan(0);
    }
  });

  it('packs the built bundles and package.json, with package.json `main` among them', () => {
    for (const file of ['out/main/index.js', 'out/main/cli.js', 'out/preload/index.cjs', 'out/renderer/index.html', 'package.json']) {
      expect(files).toContain(file);
    }
    const main = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { main: string }).main;
    expect(files).toContain(main);
  });

  it('leaks no sources, tests, source maps or build resources into the package', () => {
    const leaks = files.filter((f) =>
      !f.startsWith('out/') && f !== 'package.json' ||
      /\.(map|tsx?)$/.test(f) || /(^|\/)test\//.test(f) || /\.(test|spec)\./.test(f));
    expect(leaks).toEqual([]);
  });

  it('catches a leak when the patterns let one through (the check above can fail)', () => {
    const leaky = packed(['**/*', '!out/**'], ['test/e2e/a.spec.ts', 'out/main/index.js', 'core/index.ts']);
    expect(leaky).toEqual(['test/e2e/a.spec.ts', 'core/index.ts']);
    expect(packed(['out/**/*', '!**/*.map'], ['out/main/index.js', 'out/main/index.js.map'])).toEqual(['out/main/index.js']);
  });

  it('unpacks every native addon of the production dependencies from the asar', () => {
    const natives: string[] = [];
    const walk = (dir: string): void => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) walk(path);
        else if (entry.name.endsWith('.node')) natives.push(relative(ROOT, path).split('\\').join('/'));
      }
    };
    for (const scope of ['@duckdb', '@napi-rs']) walk(join(ROOT, 'node_modules', scope));
    expect(natives.length).toBeGreaterThan(0);
    const unpack = config.asarUnpack.map(globToRegExp);
    expect(natives.filter((file) => !unpack.some((re) => re.test(file)))).toEqual([]);
    expect(config.npmRebuild).toBe(false); // prebuilt N-API binaries: a rebuild would only try a source build
  });

  it('keeps the renderer-only packages (bundled into out/renderer) out of node_modules in the package', () => {
    const shipped = packed(config.files, ['node_modules/monaco-editor/package.json', 'node_modules/@mui/material/index.js', 'node_modules/@duckdb/node-api/package.json']);
    expect(shipped).toEqual([]);
    // and never excludes what the main process loads at run time
    const excluded = config.files.filter((p) => p.startsWith('!')).map((p) => globToRegExp(p.slice(1)));
    for (const runtime of ['node_modules/@duckdb/node-api/package.json', 'node_modules/@napi-rs/keyring/index.js', 'node_modules/jsonata/package.json']) {
      expect(excluded.some((re) => re.test(runtime)), runtime).toBe(false);
    }
  });

  it('points at icons that exist and are real images of the sizes each platform needs', () => {
    const png = (path: string) => {
      const bytes = readFileSync(join(ROOT, path));
      expect(bytes.subarray(0, 8).toString('hex'), path).toBe('89504e470d0a1a0a');
      return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
    };
    const linuxIcons = readdirSync(join(ROOT, config.linux.icon));
    for (const size of [16, 32, 48, 64, 128, 256, 512]) {
      expect(linuxIcons).toContain(`${size}x${size}.png`);
      expect(png(`${config.linux.icon}/${size}x${size}.png`)).toEqual({ width: size, height: size });
    }
    expect(png('build/icon.png')).toEqual({ width: 1024, height: 1024 });
    const icns = readFileSync(join(ROOT, config.mac.icon));
    expect(icns.subarray(0, 4).toString('ascii')).toBe('icns');
    expect(icns.readUInt32BE(4)).toBe(statSync(join(ROOT, config.mac.icon)).size);
    const ico = readFileSync(join(ROOT, config.win.icon));
    expect([ico.readUInt16LE(0), ico.readUInt16LE(2)]).toEqual([0, 1]);
    expect(ico.readUInt16LE(4)).toBeGreaterThanOrEqual(5); // 16 … 256 px entries
  });

  it('is what `npm run dist` uses', () => {
    const scripts = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
    expect(scripts.dist).toMatch(/electron-vite build && electron-builder --config electron-builder\.yml/);
  });
});
