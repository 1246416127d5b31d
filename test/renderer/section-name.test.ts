import { describe, expect, it } from 'vitest';
import { secretReferences, toSectionName } from '../../renderer/features/secrets/section-name';
import { toSectionName as coreSectionName } from '../../core/secrets/section-name';

describe('the renderer spelling of secrets sections and references', () => {
  it('names sections exactly as the host does', () => {
    for (const name of ['Untitled project', 'github', 'My API', 'github-v2', '2fa', 'GitHub issues']) {
      expect(toSectionName(name), name).toBe(coreSectionName(name));
    }
    expect(toSectionName('github.json')).toBe('github');
    expect(toSectionName('***')).toBe('untitled');
  });

  it('lists the {secrets.<name>} references of a config once each, dotted names included', () => {
    const text = '{"auth": {"token": "{secrets.token}", "x": "Bearer {secrets.token}"}, "c": "{secrets.credentials.client_secret}", "r": "{resources.p.id}"}';
    expect(secretReferences(text)).toEqual(['token', 'credentials.client_secret']);
  });
});
