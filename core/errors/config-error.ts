import { SluiceError } from './sluice-error';

/** One problem found in a config, located by its JSON path (`resources[2].endpoint.paginator.type`). */
export interface ConfigIssue {
  path: string;
  message: string;
  /** `error` fails validation; `warning` is shown but the config still runs. */
  severity?: 'error' | 'warning';
}

/** A config (source, pipeline, CLI option) is invalid. Carries every issue found, not only the first. */
export class ConfigError extends SluiceError {
  readonly issues: ConfigIssue[];

  constructor(issues: ConfigIssue[] | string, options: { cause?: unknown; path?: string } = {}) {
    const list = typeof issues === 'string' ? [{ path: options.path ?? '', message: issues }] : issues;
    const message = list.length === 1
      ? formatIssue(list[0]!)
      : `${list.length} problems in the config:\n` + list.map((i) => `- ${formatIssue(i)}`).join('\n');
    super('CONFIG_INVALID', message, { cause: options.cause, details: { issues: list } });
    this.name = 'ConfigError';
    this.issues = list;
  }
}

function formatIssue(issue: ConfigIssue): string {
  return issue.path ? `${issue.message} (at \`${issue.path}\`)` : issue.message;
}
