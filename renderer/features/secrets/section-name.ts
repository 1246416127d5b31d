/** `Untitled project` → `untitled_project`, `github-v2.json` → `github_v2`: the host's secrets section spelling. */
export function toSectionName(text: string): string {
  const snake = text
    .replace(/\.json$/i, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  return /^[0-9]/.test(snake) ? `_${snake}` : snake || 'untitled';
}

/** The `{secrets.<name>}` references a config text holds, in order, once each. */
export function secretReferences(text: string): string[] {
  return [...new Set([...text.matchAll(/\{secrets\.([A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*)\}/g)].map((m) => m[1]!))];
}
