import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import TextField from '@mui/material/TextField';
import { useEffect, useState, type FormEvent } from 'react';
import type { OpenProjectResult, SaveProjectResult } from '../../../core/index';
import { ErrorAlert } from '../../components/error-alert';
import { api } from '../../platform/api';
import { InlineCode } from '../../components/inline-code';
import { toSectionName } from '../secrets/section-name';

export interface ProjectDialogProps {
  mode?: 'save' | 'open';
  name: string;
  /**
   * The section the project's secrets are under now; a save under another name moves them to that name's, or
   * copies them when saved to another folder than `dir`.
   */
  section: string;
  sourceText: string;
  /** The folder of the project file open now (last saved to or opened), to prefill; empty for one never saved. */
  dir: string;
  onSaved: (result: SaveProjectResult & { name: string; dir: string }) => void;
  onOpened: (result: OpenProjectResult & { dir: string }) => void;
  onClose: () => void;
}

/**
 * Save the project as `<folder>/sluice.json`, or open one. The host refuses to save a literal credential, so what
 * lands on disk holds `{secrets.<name>}` references only. The secrets section follows the name: saving under a new
 * name in the open project's folder moves its keychain entries to the new section (the host copies, checks, then
 * deletes the old); saving it to another folder (Save as) copies them, since the file left there still uses them.
 * The host decides (it compares the folders themselves); the note here says what to expect.
 */
export function ProjectDialog({ mode, name, section, sourceText, dir, onSaved, onOpened, onClose }: ProjectDialogProps) {
  const [folder, setFolder] = useState(dir);
  const [projectName, setProjectName] = useState(name);
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  useEffect(() => { if (mode) { setFolder(dir); setProjectName(name); setError(undefined); } }, [mode, dir, name]);
  const newSection = toSectionName(projectName.trim() || name);
  const renaming = mode === 'save' && newSection !== section;
  const copying = dir.trim() !== '' && sameFolderText(folder) !== sameFolderText(dir);
  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      if (mode === 'save') {
        const result = await api.saveProject({
          dir: folder.trim(), name: projectName.trim(), section: newSection, previousSection: section,
          ...(dir.trim() ? { previousDir: dir.trim() } : {}), sourceText,
        });
        onSaved({ ...result, name: projectName.trim(), dir: folder.trim() });
      } else {
        onOpened({ ...(await api.openProject({ dir: folder.trim() })), dir: folder.trim() });
      }
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog open={mode !== undefined} onClose={onClose} maxWidth="sm" fullWidth>
      <form onSubmit={(event) => void submit(event)}>
        <DialogTitle>{mode === 'save' ? 'Save project' : 'Open project'}</DialogTitle>
        <DialogContent sx={{ display: 'flex', flexDirection: 'column', gap: 2 }}>
          <DialogContentText variant="body2">
            {mode === 'save'
              ? `Writes sluice.json into the folder. Secrets stay in the keychain, the environment or .sluice/secrets.toml under [sources.${newSection}]; the file holds references only.`
              : 'Opens the sluice.json in the folder.'}
          </DialogContentText>
          {mode === 'save' && (
            <TextField size="small" label="Project name" value={projectName} onChange={(event) => setProjectName(event.target.value)} required />
          )}
          {renaming && !copying && (
            <Alert severity="info" variant="outlined" data-testid="rename-note">
              Renaming moves this project&apos;s secrets from <InlineCode>{`[sources.${section}]`}</InlineCode> to{' '}
              <InlineCode>{`[sources.${newSection}]`}</InlineCode>: each stored entry (keychain or this session) is copied, checked, then deleted from the
              old section. Environment variables and .sluice/secrets.toml are not changed.
            </Alert>
          )}
          {renaming && copying && (
            <Alert severity="info" variant="outlined" data-testid="copy-note">
              Saving to another folder copies this project&apos;s secrets from <InlineCode>{`[sources.${section}]`}</InlineCode> to{' '}
              <InlineCode>{`[sources.${newSection}]`}</InlineCode>: each stored entry (keychain or this session) is copied and checked. The old section keeps
              its entries, so the project file in <InlineCode>{dir.trim()}</InlineCode> still runs. Environment variables and
              .sluice/secrets.toml are not changed.
            </Alert>
          )}
          <TextField
            autoFocus
            size="small"
            label="Project folder"
            placeholder="/home/me/pipelines/github"
            helperText="An existing folder, as an absolute path"
            value={folder}
            onChange={(event) => setFolder(event.target.value)}
            required
          />
          {error !== undefined && <ErrorAlert error={error} />}
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" variant="contained" disabled={busy || !folder.trim() || (mode === 'save' && !projectName.trim())}>
            {mode === 'save' ? 'Save' : 'Open'}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}

/** A folder as typed, for telling the open one from another: no surrounding spaces or trailing slashes. */
function sameFolderText(folder: string): string {
  return folder.trim().replace(/(?<=.)[\\/]+$/, '');
}
