/** Streams and environment a command runs with; tests pass their own. */
export interface CliIo {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
  cwd: string;
}

/** Exit codes every command keeps: 0 success, 1 runtime failure, 2 config or usage error. */
export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_CONFIG = 2;

/** One `sluice <name>` subcommand, one per file in core/cli/commands/. */
export interface CliCommand {
  name: string;
  /** One line for `sluice --help`. */
  summary: string;
  /** Full help text for `sluice <name> --help`. */
  usage: string;
  run(args: string[], io: CliIo): Promise<number>;
}
