import { COMMANDS } from './commands/index';
import { EXIT_CONFIG, EXIT_FAILURE, type CliIo } from './command';
import { isSluiceError } from '../errors/sluice-error';
import { redactor } from '../http/redactor';

function help(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'sluice: build REST API → warehouse pipelines; run them headless.',
    '',
    'Usage: sluice <command> [options]',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Run `sluice <command> --help` for a command\'s options.',
  ].join('\n');
}

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(help() + '\n');
    return name ? 0 : EXIT_CONFIG;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.stderr.write(`sluice: unknown command \`${name}\`; valid commands are: ${COMMANDS.map((c) => c.name).join(', ')}\n`);
    return EXIT_CONFIG;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout.write(command.usage.trimEnd() + '\n');
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (isArgumentError(error)) {
      // An unknown option or a missing option value: a usage error, before anything was requested.
      io.stderr.write(`sluice ${name}: ${redactor.redactText(error.message)}; see \`sluice ${name} --help\`\n`);
      return EXIT_CONFIG;
    }
    const message = error instanceof Error ? error.message : String(error);
    io.stderr.write(`sluice ${name}: ${redactor.redactText(message)}\n`);
    return isSluiceError(error) && USAGE_ERRORS.includes(error.code) ? EXIT_CONFIG : EXIT_FAILURE;
  }
}

/** Engine errors that mean the command was given something it cannot use: exit 2, like a config error. */
const USAGE_ERRORS = ['CONFIG_INVALID', 'SECRET_MISSING', 'PIPELINE_NAME_INVALID'];

/** `util.parseArgs` rejects unknown options and missing values with `ERR_PARSE_ARGS_*` codes. */
function isArgumentError(error: unknown): error is Error {
  return error instanceof Error && String((error as { code?: unknown }).code).startsWith('ERR_PARSE_ARGS_');
}
