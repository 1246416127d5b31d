/**
 * Parses an RFC 8288 `Link` header into rel → URL. Commas inside `<...>` and quoted strings are not separators;
 * a `rel` may list several space-separated values.
 */
export function parseLinkHeader(header: string | null): Map<string, string> {
  const links = new Map<string, string>();
  if (!header) return links;
  const re = /<([^>]*)>((?:\s*;\s*[^;,=\s]+\s*(?:=\s*(?:"[^"]*"|[^;,]*))?)*)/g;
  for (const match of header.matchAll(re)) {
    const url = match[1]!;
    const rel = /;\s*rel\s*=\s*(?:"([^"]*)"|([^;,\s]*))/i.exec(match[2] ?? '');
    const names = (rel?.[1] ?? rel?.[2] ?? '').trim().toLowerCase().split(/\s+/);
    for (const name of names) if (name && !links.has(name)) links.set(name, url);
  }
  return links;
}
