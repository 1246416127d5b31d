import type { CliCommand } from '../command';
import { previewCommand } from './preview';
import { uiCommand } from './ui';
import { secretsCommand } from './secrets';
import { runCommand } from './run';
import { infoCommand } from './info';
import { dropPendingCommand } from './drop-pending';

/** Every subcommand, in the order `sluice --help` lists them. Add one line per command. */
export const COMMANDS: CliCommand[] = [
  uiCommand,
  secretsCommand,
  previewCommand,
  runCommand,
  infoCommand,
  dropPendingCommand,
];
