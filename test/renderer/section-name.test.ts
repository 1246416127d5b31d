import { describe, expect, it } from 'vitest';
import { secretReferences, toSectionName } from '../../renderer/features/secrets/section-name';

describe('the renderer spelling of secrets sections and references', () => {
  it('names sections as the host does (core/secrets/section-name.ts)', () => {
    const expected = { 'Untitled project': 'untitled_project', github: 'github', 'My API': 'my_api', 'github-v2': 'github_v2', '2fa': '_2fa', 'GitHub issues': 'git_hub_issues' };
    for (const [name, section] of Object.entries(expected)) expect(toSectionName(name), name).toBe(section);
    expect(toSectionName('github.json')).toBe('github');
    expect(toSectionName('***')).toBe('untitled');
  });

  it('lists the {secrets.<name>} references of a config once each, dotted names included', () => {
    const text = '{"auth": {"token": "{secrets.token}", "x": "Bearer {secrets.token}"}, "c": "{secrets.credentials.client_secret}", "r": "{resources.p.id}"}';
    expect(secretReferences(text)).toEqual(['token', 'credentials.client_secret']);
  });
});
