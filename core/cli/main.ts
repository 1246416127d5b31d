// Entry of the `sluice` command (bundled to out/main/cli.js; `npm run sluice` runs it through tsx).
import { runCli } from './run-cli';
import type { CliIo } from './command';
import { EXIT_FAILURE } from './command';
import { redactor } from '../http/redactor';

const io: CliIo = { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env, cwd: process.cwd() };
runCli(process.argv.slice(2), io).then((code) => {
  // Long-running commands (ui) keep the process alive through their servers; the others end with their code.
  process.exitCode = code;
}, (error: unknown) => {
  process.stderr.write(`sluice: ${redactor.redactText(String(error))}\n`);
  process.exitCode = EXIT_FAILURE;
});
