/** Where the window's page comes from: the dev server in `npm run dev`, the built file otherwise. */
export type RendererEntry = { kind: 'url'; url: string } | { kind: 'file'; file: string };

export function rendererEntry(devServerUrl: string | undefined, builtIndexHtml: string): RendererEntry {
  return devServerUrl ? { kind: 'url', url: devServerUrl } : { kind: 'file', file: builtIndexHtml };
}

/** True when `url` is the app's own page (IPC callers and navigations are checked against it). */
export function isTrustedSender(url: string | undefined, entry: RendererEntry): boolean {
  if (!url) return false;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (entry.kind === 'url') return parsed.origin === new URL(entry.url).origin;
  const own = new URL(`file://${entry.file.startsWith('/') ? '' : '/'}${entry.file.replace(/\\/g, '/')}`);
  return parsed.protocol === 'file:' && decodeURIComponent(parsed.pathname) === decodeURIComponent(own.pathname);
}
