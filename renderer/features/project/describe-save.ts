import type { MovedSecret } from '../../../core/index';

/** What the title-bar notice says after Save… or Open…: names and accounts only, never values. */
export interface ProjectNotice {
  severity: 'success' | 'warning';
  title: string;
  details: string[];
}

/**
 * A save: where it went, which secrets were carried to the new section (account → account): moved by a rename of
 * the open project, or copied by a Save as to another folder (the old section keeps them), and what the user must
 * still do.
 */
export function describeSave(result: { path: string; section: string; movedSecrets: MovedSecret[]; mode: 'moved' | 'copied'; warnings: string[] }): ProjectNotice {
  const moved = result.movedSecrets;
  const verb = result.mode === 'copied' ? 'Copied' : 'Moved';
  const kept = result.mode === 'copied' ? ' (the old section keeps them for the project file left there)' : '';
  const details = moved.length === 0 ? [] : [
    `${verb} ${moved.length === 1 ? '1 secret' : `${moved.length} secrets`} to [sources.${result.section}]${kept}: ` +
      moved.map((m) => `${m.from} → ${m.to}${m.storage === 'session' ? ' (memory only)' : ''}`).join(', '),
  ];
  return { severity: result.warnings.length > 0 ? 'warning' : 'success', title: `Saved ${result.path}`, details: [...details, ...result.warnings] };
}

/** An open: the file, and the literal credentials a hand edit had put in it that went to the keychain. */
export function describeOpen(result: { path: string; moved: { account: string }[] }): ProjectNotice {
  const accounts = [...new Set(result.moved.map((m) => m.account))];
  return {
    severity: 'success',
    title: `Opened ${result.path}`,
    details: accounts.length === 0 ? [] : [`Moved ${accounts.length === 1 ? 'a literal credential' : `${accounts.length} literal credentials`} to the keychain: ${accounts.join(', ')}`],
  };
}
