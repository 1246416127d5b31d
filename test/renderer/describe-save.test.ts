import { describe, expect, it } from 'vitest';
import { describeOpen, describeSave } from '../../renderer/features/project/describe-save';

describe('the notice after Save… and Open…', () => {
  it('a plain save is a short success', () => {
    expect(describeSave({ path: '/p/sluice.json', section: 'shop', movedSecrets: [], mode: 'moved', warnings: [] }))
      .toEqual({ severity: 'success', title: 'Saved /p/sluice.json', details: [] });
  });

  it('a rename lists each account that moved, marks memory-only ones, and turns amber with warnings', () => {
    const notice = describeSave({
      path: '/p/sluice.json', section: 'shop', mode: 'moved',
      movedSecrets: [
        { name: 'token', from: 'untitled_project.token', to: 'shop.token', storage: 'keychain' },
        { name: 'key', from: 'untitled_project.key', to: 'shop.key', storage: 'session' },
      ],
      warnings: ['`{secrets.x}` comes from environment'],
    });
    expect(notice.severity).toBe('warning');
    expect(notice.details).toEqual([
      'Moved 2 secrets to [sources.shop]: untitled_project.token → shop.token, untitled_project.key → shop.key (memory only)',
      '`{secrets.x}` comes from environment',
    ]);
  });

  it('a Save as to another folder says the secrets were copied and that the old section keeps them', () => {
    const notice = describeSave({
      path: '/q/sluice.json', section: 'shop_copy', mode: 'copied',
      movedSecrets: [{ name: 'token', from: 'shop.token', to: 'shop_copy.token', storage: 'keychain' }],
      warnings: [],
    });
    expect(notice).toEqual({
      severity: 'success',
      title: 'Saved /q/sluice.json',
      details: ['Copied 1 secret to [sources.shop_copy] (the old section keeps them for the project file left there): shop.token → shop_copy.token'],
    });
    expect(notice.details.join('\n')).not.toMatch(/moved/i);
  });

  it('an open names the accounts a hand-edited file\'s literals moved to', () => {
    expect(describeOpen({ path: '/p/sluice.json', moved: [{ account: 'shop.token' }, { account: 'shop.token' }] }).details)
      .toEqual(['Moved a literal credential to the keychain: shop.token']);
  });
});
