/**
 * The `sluice drop-pending` command an error suggests, as it can be pasted: with the pipelines folder the failed run
 * used, whatever default or environment the next shell has.
 */
export function dropPendingCommand(pipelineName: string, pipelinesDir?: string): string {
  return `sluice drop-pending --pipeline-name ${pipelineName}${pipelinesDir === undefined ? '' : ` --pipelines-dir ${shellWord(pipelinesDir)}`}`;
}

/** A path as one shell word: quoted only when it needs to be. */
function shellWord(path: string): string {
  return /^[\w@%+=:,./-]+$/.test(path) ? path : `'${path.replace(/'/g, `'\\''`)}'`;
}
