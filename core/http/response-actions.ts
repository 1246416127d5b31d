import { ConfigError } from '../errors/config-error';

/**
 * dlt's `response_actions`: the first rule whose `status_code` and/or `content` (a substring of the body) match
 * decides. `ignore` ends paging without records, `retry` retries like a 503, `fail` raises ResponseActionError.
 */
export interface ResponseAction {
  status_code?: number | readonly number[];
  content?: string;
  action: 'ignore' | 'retry' | 'fail';
}

export const RESPONSE_ACTION_NAMES = ['ignore', 'retry', 'fail'] as const;

export function checkResponseActions(actions: unknown, path = 'response_actions'): ResponseAction[] {
  if (actions === undefined || actions === null) return [];
  if (!Array.isArray(actions)) throw new ConfigError('`response_actions` must be a list of `{ status_code, content, action }`', { path });
  const issues: { path: string; message: string }[] = [];
  actions.forEach((rule: unknown, i) => {
    const at = `${path}[${i}]`;
    if (typeof rule !== 'object' || rule === null) {
      issues.push({ path: at, message: 'a response action must be an object `{ status_code, content, action }`' });
      return;
    }
    const r = rule as Record<string, unknown>;
    if (!RESPONSE_ACTION_NAMES.includes(r.action as never)) {
      issues.push({ path: `${at}.action`, message: `unknown response action \`${String(r.action)}\`: valid values are: ${RESPONSE_ACTION_NAMES.join(', ')}` });
    }
    const codes = Array.isArray(r.status_code) ? r.status_code : r.status_code === undefined ? [] : [r.status_code];
    if (codes.some((c) => !Number.isInteger(c) || (c as number) < 100 || (c as number) > 599)) {
      issues.push({ path: `${at}.status_code`, message: `\`status_code\` must be an HTTP status (100–599), got ${JSON.stringify(r.status_code)}` });
    }
    if (r.content !== undefined && typeof r.content !== 'string') {
      issues.push({ path: `${at}.content`, message: '`content` must be a string (matched as a substring of the body)' });
    }
    if (r.status_code === undefined && r.content === undefined) {
      issues.push({ path: at, message: 'a response action needs `status_code`, `content` or both' });
    }
  });
  if (issues.length > 0) throw new ConfigError(issues);
  return actions as ResponseAction[];
}

export function matchResponseAction(actions: readonly ResponseAction[], status: number, body: string): { rule: ResponseAction; index: number } | undefined {
  for (let index = 0; index < actions.length; index++) {
    const rule = actions[index]!;
    const codes = rule.status_code === undefined ? undefined : ([] as number[]).concat(rule.status_code);
    if (codes && !codes.includes(status)) continue;
    if (rule.content !== undefined && !body.includes(rule.content)) continue;
    return { rule, index };
  }
  return undefined;
}
