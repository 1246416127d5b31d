import type { CliCommand } from '../command';
import { uiCommand } from './ui';

/** Every subcommand, in the order `sluice --help` lists them. Add one line per command. */
export const COMMANDS: CliCommand[] = [
  uiCommand,
];
