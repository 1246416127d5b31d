import type { Logger } from '../logger';
import { redactor } from '../http/redactor';

const noop = (): void => undefined;

/**
 * The engine's log on the command line: warnings and errors always (a retry and why, a data selector that matched
 * nothing), informational lines with `--verbose`; debug lines never (one a page). `write` puts one line out (the
 * run's progress view keeps its live line below it). Redacted again here: a log line must never carry a secret.
 */
export function cliLogger(write: (line: string) => void, options: { verbose?: boolean } = {}): Logger {
  const line = (level: string) => (message: string): void => write(`${level}: ${redactor.redactText(message)}`);
  return { debug: noop, info: options.verbose ? line('info') : noop, warn: line('warning'), error: line('error') };
}
