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
    const message = error instanceof Error ? error.message : String(error);
    io.stderr.write(`sluice ${name}: ${redactor.redactText(message)}\n`);
    return isSluiceError(error) && ['CONFIG_INVALID', 'SECRET_MISSING'].includes(error.code) ? EXIT_CONFIG : EXIT_FAILURE;
  }
}
