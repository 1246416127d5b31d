import type { ConfigIssue } from '../errors/config-error';
import { resolveCollecting, type ResolveOptions } from './resolve-source-config';

export interface SourceConfigValidation {
  /** False when any issue is an error; warnings alone keep it true. */
  ok: boolean;
  /** Errors and warnings, in config order within each check. */
  issues: ConfigIssue[];
}

/**
 * Validates a source config completely: shape (types, unknown and unsupported keys, enums) and then meaning
 * (placeholders, parents and cycles, paginator stop conditions, expressions). All problems at once.
 */
export function validateSourceConfig(config: unknown, options: ResolveOptions = {}): SourceConfigValidation {
  const { issues } = resolveCollecting(config, options);
  return { ok: !issues.some((i) => i.severity !== 'warning'), issues };
}
