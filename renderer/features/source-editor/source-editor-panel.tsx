import DataObjectIcon from '@mui/icons-material/DataObject';
import FileOpenIcon from '@mui/icons-material/FileOpenOutlined';
import KeyIcon from '@mui/icons-material/KeyOutlined';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import LinearProgress from '@mui/material/LinearProgress';
import type { OnMount } from '@monaco-editor/react';
import { useEffect, useRef, type ChangeEvent, type ReactNode } from 'react';
import { Panel } from '../../components/panel';
import { JsonEditor } from '../../editor/json-editor';
import { ImportNotice } from './import-notice';
import type { SourceOutline } from './source-outline';
import { useConfigImport } from './use-config-import';

type MonacoEditor = Parameters<OnMount>[0];

export interface SourceEditorPanelProps {
  text: string;
  onChange: (text: string) => void;
  outline: SourceOutline;
  /** The secrets section credentials are stored under (the project's name). */
  section: string;
  /** A config file was imported; its credentials went under `section`. */
  onImported?: (fileName: string, section: string) => void;
  onOpenSecrets?: () => void;
}

const parses = (text: string): boolean => {
  try { JSON.parse(text); return true; } catch { return false; }
};

/**
 * The source config as JSON (dlt's `rest_api` shape) in Monaco. A pasted or imported config goes through the host
 * first: its literal credentials move into the keychain and the editor gets references in their place.
 */
export function SourceEditorPanel({ text, onChange, outline, section, onImported, onOpenSecrets }: SourceEditorPanelProps) {
  const valid = outline.problem === undefined;
  const { state, run, dismiss } = useConfigImport();
  const editorRef = useRef<MonacoEditor | null>(null);
  const fileInput = useRef<HTMLInputElement | null>(null);
  const sectionRef = useRef(section);
  sectionRef.current = section;
  // A rename moved the secrets: a notice that names the old section's accounts would now be wrong.
  const shownSection = state.status === 'done' ? state.result.section : undefined;
  useEffect(() => { if (shownSection !== undefined && shownSection !== section) dismiss(); }, [section, shownSection, dismiss]);

  /** setValue, not an edit: the undo stack must not lead back to the literal credentials. */
  const replaceText = (next: string): void => {
    const model = editorRef.current?.getModel();
    if (model) model.setValue(next);
    else onChange(next);
  };

  const onMount: OnMount = (editor) => {
    editorRef.current = editor;
    const importPasted = async (attempt: number): Promise<void> => {
      const pasted = editor.getValue();
      if (!parses(pasted)) return; // a fragment mid-edit: nothing to import yet
      const result = await run(pasted, { section: sectionRef.current });
      if (!result || result.moved.length === 0) return;
      // Typed into meanwhile: import the current text again rather than overwrite the edit.
      if (editor.getValue() !== pasted) { if (attempt < 3) await importPasted(attempt + 1); return; }
      replaceText(result.text);
    };
    editor.onDidPaste(() => { void importPasted(0); });
  };

  const onFile = async (event: ChangeEvent<HTMLInputElement>): Promise<void> => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    const result = await run(await file.text(), { fileName: file.name });
    if (!result) return; // the file's text never enters the editor when its credentials could not be moved
    replaceText(result.text);
    onImported?.(file.name, result.section);
  };

  return (
    <Panel
      title="source.json"
      aria-label="Source config"
      icon={<DataObjectIcon />}
      actions={
        <Box sx={{ display: 'flex', alignItems: 'center', gap: 0.5 }}>
          <HeaderButton icon={<FileOpenIcon />} label="Import config…" short="Import…" title="Import a dlt rest_api config (.json)" onClick={() => fileInput.current?.click()} />
          {onOpenSecrets && <HeaderButton icon={<KeyIcon />} label="Secrets" title="Secrets of this project (names and status only)" onClick={onOpenSecrets} />}
          <Chip
            size="small"
            variant="outlined"
            color={valid ? 'default' : 'warning'}
            label={valid ? `${outline.resources.length} ${outline.resources.length === 1 ? 'resource' : 'resources'}` : 'Invalid JSON'}
            title={outline.problem}
          />
          <input
            ref={fileInput}
            type="file"
            accept=".json,application/json"
            hidden
            aria-label="Config file to import"
            onChange={(event) => void onFile(event)}
          />
        </Box>
      }
    >
      <Box sx={{ height: 2, flexShrink: 0 }}>{state.status === 'busy' && <LinearProgress sx={{ height: 2 }} aria-label="Importing config" />}</Box>
      <Box aria-live="polite"><ImportNotice state={state} onClose={dismiss} /></Box>
      <Box sx={{ flex: 1, minHeight: 0 }}>
        <JsonEditor path="source.json" value={text} onChange={onChange} ariaLabel="Source config (JSON)" onMount={onMount} />
      </Box>
    </Panel>
  );
}

/** Icon and label on wide windows, the icon alone (same accessible name) when the editor column is narrow. */
function HeaderButton({ icon, label, short, title, onClick }: { icon: ReactNode; label: string; short?: string; title: string; onClick: () => void }) {
  return (
    <Button size="small" onClick={onClick} title={title} aria-label={label} sx={{ minWidth: 0, gap: 0.75, px: 1, '& svg': { fontSize: 18 } }}>
      {icon}
      <Box component="span" sx={{ display: { xs: 'none', lg: 'inline' } }}>{short ?? label}</Box>
    </Button>
  );
}
