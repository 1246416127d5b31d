import type { PipelineApi } from '../api/contract';
import type { AppInfo, PreviewRequestInput, PreviewResponse } from '../api/preview-types';
import type {
  DeleteSecretInput, DeleteSecretResult, ListSecretsInput, SecretListing, SetSecretInput,
} from '../api/secrets-types';
import type { ImportSourceConfigInput, ImportSourceConfigResult } from '../api/import-types';
import type { OpenProjectInput, OpenProjectResult, SaveProjectInput, SaveProjectResult } from '../api/project-types';
import { redactor as defaultRedactor, type Redactor } from '../http/redactor';
import { homedir } from 'node:os';
import { dirname } from 'node:path';
import { SecretsService } from '../secrets/secrets-service';
import { EventHub } from './event-hub';
import { importSourceConfig } from './import-source-config';
import { previewRequest } from './preview-request';
import { openProject, prepareProject, saveProject, savesOpenProject, writeProject } from './project-file';
import { envVarName } from '../secrets/secret-key';

/** Ports the host fills in (the composition root is electron/main or the CLI; tests pass their own). */
export interface PipelineServiceOptions {
  transport: AppInfo['transport'];
  version: string;
  redactor?: Redactor;
  /** Keychain-backed secrets; by default the OS keychain with the process's cwd, home and environment. */
  secrets?: SecretsService;
}

/** The one implementation of the contract, behind either transport. */
export class PipelineService implements PipelineApi {
  readonly events = new EventHub();
  private readonly redactor: Redactor;

  constructor(private readonly options: PipelineServiceOptions) {
    this.redactor = options.redactor ?? defaultRedactor;
  }

  on: EventHub['on'] = (event, listener) => this.events.on(event, listener);

  async getAppInfo(): Promise<AppInfo> {
    return {
      name: 'Sluice',
      version: this.options.version,
      transport: this.options.transport,
      platform: process.platform,
      nodeVersion: process.versions.node,
    };
  }

  async previewRequest(input: PreviewRequestInput): Promise<PreviewResponse> {
    const response = await previewRequest(input, this.redactor);
    this.log('info', `${response.request.method} ${response.request.url} → ${response.status} in ${response.elapsedMs} ms`);
    return response;
  }

  setSecret(input: SetSecretInput): Promise<void> {
    return this.secrets().setSecret(input);
  }

  deleteSecret(input: DeleteSecretInput): Promise<DeleteSecretResult> {
    return this.secrets().deleteSecret(input);
  }

  listSecrets(input: ListSecretsInput): Promise<SecretListing> {
    return this.secrets().listSecrets(input);
  }

  async importSourceConfig(input: ImportSourceConfigInput): Promise<ImportSourceConfigResult> {
    const result = await importSourceConfig(input, this.secrets());
    if (result.moved.length > 0) {
      const accounts = [...new Set(result.moved.map((m) => m.account))];
      const count = accounts.length === 1 ? 'a credential' : `${accounts.length} credentials`;
      if (result.session) this.log('warn', `Holding ${count} in memory for this session only (no OS keychain): ${accounts.join(', ')}`);
      else this.log('info', `Moved ${count} to the keychain: ${accounts.join(', ')}`);
    }
    return result;
  }

  /**
   * Writes the project. A rename (`previousSection` differs from the new section) carries its secrets over: copy
   * and check each, then write the file, then delete the old entries, so no step that fails loses a secret and a
   * second save finishes the move. Saved to another file than the open one (`previousDir`, Save as), the old
   * entries stay for the file left behind: the secrets are copied and checked, nothing is deleted.
   */
  async saveProject(input: SaveProjectInput): Promise<SaveProjectResult> {
    const prepared = await prepareProject(input, this.redactor);
    const { section, references } = prepared;
    const from = input.previousSection;
    const mode = (await savesOpenProject(input.previousDir, dirname(prepared.path))) ? 'moved' : 'copied';
    const plan = from !== undefined && from !== section ? await this.secrets().planSectionMove(from, section, references) : undefined;
    const carry = mode === 'copied' ? plan?.move.asCopy() : plan?.move;
    await carry?.copy();
    await writeProject(prepared);
    if (carry?.mode === 'move') await carry.removeOld();
    const movedSecrets = carry?.moved ?? [];
    const warnings = [...(plan?.warnings ?? [])];
    const unset = plan ? await this.secrets().unsetAfterSave(section, references.filter((n) => !plan.external.includes(n)), from) : undefined;
    // Its wording is a rename's; a Save as copies.
    if (unset) warnings.push(mode === 'copied' ? unset.replace(/ were not moved\)\.$/, ' were not copied).') : unset);
    const memoryOnly = await this.secrets().sessionOnly(section, references);
    if (memoryOnly.length > 0) {
      warnings.push(`${memoryOnly.map((k) => `\`${k.section}.${k.name}\``).join(', ')} ${memoryOnly.length === 1 ? 'is' : 'are'} held in memory for this app session only ` +
        `(no OS keychain) and will be lost when Sluice closes: set ${memoryOnly.map((k) => `\`${envVarName(k)}\``).join(', ')} ` +
        `or add ${memoryOnly.length === 1 ? 'it' : 'them'} under \`[sources.${section}]\` in .sluice/secrets.toml.`);
    }
    const carried = movedSecrets.length === 0 ? '' : `; ${mode} ${movedSecrets.length === 1 ? 'a secret' : `${movedSecrets.length} secrets`} ` +
      `from [sources.${from}] to [sources.${section}]: ${movedSecrets.map((m) => m.to).join(', ')}`;
    this.log('info', `Saved the project to ${prepared.path}${carried}`);
    return { path: prepared.path, section, movedSecrets, mode, warnings };
  }

  /** A hand-edited file with literal credentials is treated like an import: they move to the keychain first. */
  async openProject(input: OpenProjectInput): Promise<OpenProjectResult> {
    const project = await openProject(input);
    const imported = await this.importSourceConfig({ text: project.sourceText, section: project.section });
    if (imported.moved.length > 0 && imported.warnings.length === 0) {
      await saveProject({ dir: input.dir, name: project.name, section: project.section, sourceText: imported.text }, this.redactor);
    }
    return { ...project, sourceText: imported.text, moved: imported.moved, warnings: imported.warnings };
  }

  private secretsService: SecretsService | undefined;

  private secrets(): SecretsService {
    this.secretsService ??= this.options.secrets ??
      new SecretsService({ cwd: process.cwd(), homeDir: homedir(), env: process.env, redactor: this.redactor });
    return this.secretsService;
  }

  private log(level: 'debug' | 'info' | 'warn' | 'error', message: string): void {
    this.events.emit('log.entry', { level, message: this.redactor.redactText(message), time: new Date().toISOString() });
  }
}
