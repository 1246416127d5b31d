import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Redactor } from '../../../core/http/redactor';
import { PipelineService } from '../../../core/service/pipeline-service';

const TOKEN = 'ghp_literalTokenThatMustNotBeSaved42';
const withReference = JSON.stringify({ client: { base_url: 'https://api.test/', auth: { token: '{secrets.token}' } }, resources: ['issues'] });

describe('saveProject and openProject', () => {
  let dir: string;
  let redactor: Redactor;
  let service: PipelineService;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sluice-project-'));
    redactor = new Redactor();
    service = new PipelineService({ transport: 'http', version: '0.0.0', redactor });
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes <dir>/sluice.json with the references and opens it again', async () => {
    const { path } = await service.saveProject({ dir, name: 'GitHub issues', sourceText: withReference });
    expect(path).toBe(join(dir, 'sluice.json'));
    const saved = JSON.parse(readFileSync(path, 'utf8')) as { name: string; source: { client: { auth: { token: string } } } };
    expect(saved.name).toBe('GitHub issues');
    expect(saved.source.client.auth.token).toBe('{secrets.token}');
    const opened = await service.openProject({ dir });
    expect(opened.name).toBe('GitHub issues');
    expect(opened.section).toBe('git_hub_issues');
    await service.saveProject({ dir, name: 'Renamed', section: 'github', sourceText: withReference });
    expect((await service.openProject({ dir })).section).toBe('github');
    expect(JSON.parse(opened.sourceText)).toEqual(JSON.parse(withReference));
    expect(opened.moved).toEqual([]);
  });

  it('refuses a source with a literal credential, naming its path but not its value, and writes nothing', async () => {
    const literal = withReference.replace('{secrets.token}', TOKEN);
    const error = await service.saveProject({ dir, name: 'github', sourceText: literal }).then(() => undefined, (e: unknown) => e);
    expect(error).toMatchObject({ code: 'CONFIG_INVALID' });
    expect((error as Error).message).toContain('`client.auth.token`');
    expect((error as Error).message).not.toContain(TOKEN);
    expect(existsSync(join(dir, 'sluice.json'))).toBe(false);
  });

  it('refuses a known secret value written outside any credential field', async () => {
    redactor.registerSecret(TOKEN);
    const hidden = JSON.stringify({ client: { base_url: 'https://api.test/' }, resources: [{ name: 'a', endpoint: { params: { q: TOKEN } } }] });
    await expect(service.saveProject({ dir, name: 'github', sourceText: hidden })).rejects.toMatchObject({ code: 'CONFIG_INVALID' });
    expect(existsSync(join(dir, 'sluice.json'))).toBe(false);
  });

  it('says clearly when the folder or the project is missing or not a project', async () => {
    await expect(service.saveProject({ dir: 'relative/dir', name: 'x', sourceText: withReference })).rejects.toThrow(/expected an absolute path/);
    await expect(service.openProject({ dir: join(dir, 'nope') })).rejects.toThrow(/does not exist/);
    await expect(service.openProject({ dir })).rejects.toThrow(/expected a `sluice.json` file there/);
    writeFileSync(join(dir, 'sluice.json'), '{"hello": 1}');
    await expect(service.openProject({ dir })).rejects.toThrow(/is not a Sluice project/);
  });
});
