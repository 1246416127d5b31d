import { isAbsolute, join, normalize, relative } from 'node:path';

/**
 * The built renderer is served from a privileged custom scheme rather than file:// (Electron's security guidance):
 * the page gets a real origin, its Content-Security-Policy arrives as a header, and Monaco's workers are same-origin.
 */
export const APP_SCHEME = 'sluice';
export const APP_HOST = 'app';
export const APP_INDEX_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

/** Where the window's page comes from: the dev server in `npm run dev`, the app scheme otherwise. */
export type RendererEntry = { kind: 'dev'; url: string } | { kind: 'app'; url: string };

export function rendererEntry(devServerUrl: string | undefined): RendererEntry {
  return devServerUrl ? { kind: 'dev', url: devServerUrl } : { kind: 'app', url: APP_INDEX_URL };
}

/** True when `url` belongs to the app's own page (IPC callers and navigations are checked against it). */
export function isTrustedSender(url: string | undefined, entry: RendererEntry): boolean {
  const parsed = parseUrl(url);
  if (!parsed) return false;
  if (entry.kind === 'dev') return parsed.origin === new URL(entry.url).origin;
  return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST;
}

/**
 * The file under `rendererDir` an app-scheme URL names, or undefined for anything else (another host, a path that
 * climbs out of the directory). `/` is index.html.
 */
export function resolveAppFile(rendererDir: string, url: string): string | undefined {
  const parsed = parseUrl(url);
  if (!parsed || parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== APP_HOST) return undefined;
  let path: string;
  try {
    path = decodeURIComponent(parsed.pathname);
  } catch {
    return undefined;
  }
  if (path.includes('\0')) return undefined;
  const file = normalize(join(rendererDir, path === '/' ? 'index.html' : path));
  const inside = relative(rendererDir, file);
  return inside && !inside.startsWith('..') && !isAbsolute(inside) ? file : undefined;
}

const CONTENT_TYPES: Record<string, string> = {
  html: 'text/html; charset=utf-8', js: 'text/javascript; charset=utf-8', mjs: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8', json: 'application/json', svg: 'image/svg+xml', png: 'image/png', ttf: 'font/ttf',
  woff: 'font/woff', woff2: 'font/woff2', ico: 'image/x-icon',
};

export function contentType(file: string): string {
  return CONTENT_TYPES[file.slice(file.lastIndexOf('.') + 1).toLowerCase()] ?? 'application/octet-stream';
}

function parseUrl(url: string | undefined): URL | undefined {
  if (!url) return undefined;
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}
