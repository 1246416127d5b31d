import type { ConfigIssue } from '../errors/config-error';
import { SourceConfigSchema } from './schema';
import { walkSchema } from './schema-walker';

/** Shape checks only (types, keys, enums): every issue, with its JSON path. */
export function validateSchema(config: unknown): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  walkSchema(SourceConfigSchema, config, '', issues);
  return issues;
}
