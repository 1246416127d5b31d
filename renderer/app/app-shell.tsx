import Box from '@mui/material/Box';
import { useMemo, useState } from 'react';
import FolderOpenIcon from '@mui/icons-material/FolderOpenOutlined';
import SaveIcon from '@mui/icons-material/SaveOutlined';
import Button from '@mui/material/Button';
import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Snackbar from '@mui/material/Snackbar';
import { describeOpen, describeSave, type ProjectNotice } from '../features/project/describe-save';
import { ProjectDialog } from '../features/project/project-dialog';
import { SecretsDialog } from '../features/secrets/secrets-dialog';
import { secretReferences, toSectionName } from '../features/secrets/section-name';
import { PreviewPanel } from '../features/request-preview/preview-panel';
import type { RequestDraft } from '../features/request-preview/request-bar';
import { DEFAULT_SOURCE_CONFIG } from '../features/source-editor/default-config';
import { SourceEditorPanel } from '../features/source-editor/source-editor-panel';
import { outlineSource } from '../features/source-editor/source-outline';
import { Sidebar } from './sidebar';
import { StatusBar } from './status-bar';
import { TitleBar } from './title-bar';
import { useHostStatus } from './use-host-status';

/** The window: title bar, project sidebar, the source editor beside the preview, a status bar. */
export function AppShell() {
  const status = useHostStatus();
  const [configText, setConfigText] = useState(DEFAULT_SOURCE_CONFIG);
  const outline = useMemo(() => outlineSource(configText), [configText]);
  const [draft, setDraft] = useState<RequestDraft>({ method: 'GET', url: '' });
  const [projectName, setProjectName] = useState('Untitled project');
  const [section, setSection] = useState(() => toSectionName('Untitled project'));
  const [secretsOpen, setSecretsOpen] = useState(false);
  const [projectMode, setProjectMode] = useState<'save' | 'open'>();
  const [projectDir, setProjectDir] = useState('');
  const [notice, setNotice] = useState<ProjectNotice>();
  const references = useMemo(() => secretReferences(configText), [configText]);
  return (
    <Box sx={{ height: '100vh', display: 'flex', flexDirection: 'column', bgcolor: 'background.default' }}>
      <TitleBar
        projectName={projectName}
        actions={
          <>
            <Button size="small" startIcon={<FolderOpenIcon />} onClick={() => setProjectMode('open')}>Open…</Button>
            <Button size="small" startIcon={<SaveIcon />} onClick={() => setProjectMode('save')}>Save…</Button>
          </>
        }
        {...(status.info ? { info: status.info } : {})}
      />
      <Box sx={{ flex: 1, minHeight: 0, display: 'flex' }}>
        <Sidebar outline={outline} onPickResource={(resource) => resource.url && setDraft({ method: 'GET', url: resource.url })} />
        <Box
          component="main"
          sx={{
            flex: 1, minWidth: 0, display: 'grid', gap: 1.5, p: 1.5,
            gridTemplateColumns: 'minmax(280px, 4fr) minmax(400px, 6fr)',
          }}
        >
          <SourceEditorPanel
            text={configText}
            onChange={setConfigText}
            outline={outline}
            section={section}
            onImported={(fileName, imported) => { setProjectName(fileName.replace(/\.json$/i, '')); setSection(imported); }}
            onOpenSecrets={() => setSecretsOpen(true)}
          />
          <PreviewPanel draft={draft} onDraftChange={setDraft} />
        </Box>
      </Box>
      <StatusBar status={status} />
      <ProjectDialog
        {...(projectMode ? { mode: projectMode } : {})}
        name={projectName}
        section={section}
        sourceText={configText}
        dir={projectDir}
        onClose={() => setProjectMode(undefined)}
        onSaved={(result) => {
          setProjectName(result.name); setSection(result.section); setProjectDir(result.dir); setProjectMode(undefined);
          setNotice(describeSave(result));
        }}
        onOpened={(result) => {
          setProjectName(result.name); setSection(result.section); setConfigText(result.sourceText); setProjectDir(result.dir);
          setProjectMode(undefined);
          setNotice(describeOpen(result));
        }}
      />
      <Snackbar
        open={notice !== undefined}
        // What moved or still needs doing stays until it is read and closed; a plain "Saved" goes by itself.
        autoHideDuration={notice && notice.details.length > 0 ? null : 4000}
        onClose={(_event, reason) => { if (reason !== 'clickaway') setNotice(undefined); }}
        anchorOrigin={{ vertical: 'bottom', horizontal: 'left' }}
        data-testid="project-snackbar"
      >
        {notice && (
          <Alert severity={notice.severity} variant="filled" onClose={() => setNotice(undefined)} sx={{ maxWidth: 720, alignItems: 'flex-start' }}>
            <AlertTitle sx={{ fontWeight: 600, mb: notice.details.length ? 0.5 : 0, overflowWrap: 'anywhere' }}>{notice.title}</AlertTitle>
            {notice.details.map((line) => <div key={line} style={{ overflowWrap: 'anywhere' }}>{line}</div>)}
          </Alert>
        )}
      </Snackbar>
      <SecretsDialog open={secretsOpen} onClose={() => setSecretsOpen(false)} section={section} references={references} />
    </Box>
  );
}
