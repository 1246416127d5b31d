import LanguageIcon from '@mui/icons-material/Language';
import TravelExploreIcon from '@mui/icons-material/TravelExplore';
import Box from '@mui/material/Box';
import LinearProgress from '@mui/material/LinearProgress';
import { EmptyState } from '../../components/empty-state';
import { ErrorAlert } from '../../components/error-alert';
import { Panel } from '../../components/panel';
import { RequestBar, type RequestDraft } from './request-bar';
import { ResponseView } from './response-view';
import { usePreview } from './use-preview';

export interface PreviewPanelProps {
  draft: RequestDraft;
  onDraftChange: (draft: RequestDraft) => void;
}

/** One real request made by the host, and what came back. */
export function PreviewPanel({ draft, onDraftChange }: PreviewPanelProps) {
  const { state, preview } = usePreview();
  const busy = state.status === 'loading';
  const shown = state.status === 'done' ? state.response : state.status === 'loading' ? state.last : undefined;
  return (
    <Panel title="Request preview" icon={<LanguageIcon />}>
      <RequestBar draft={draft} onChange={onDraftChange} busy={busy} onSubmit={() => void preview({ method: draft.method, url: draft.url.trim() })} />
      <Box sx={{ height: 2, flexShrink: 0 }}>{busy && <LinearProgress sx={{ height: 2 }} aria-label="Request in progress" />}</Box>
      <Box sx={{ flex: 1, minHeight: 0, display: 'flex', flexDirection: 'column' }} aria-live="polite">
        {state.status === 'error' && (
          <Box sx={{ p: 1.5 }}>
            <ErrorAlert error={state.error} />
          </Box>
        )}
        {shown && <ResponseView response={shown} />}
        {state.status === 'idle' && (
          <EmptyState
            icon={<TravelExploreIcon />}
            title="No response yet"
            hint="Enter a URL and press Preview, or pick a resource in the sidebar."
          />
        )}
      </Box>
    </Panel>
  );
}
