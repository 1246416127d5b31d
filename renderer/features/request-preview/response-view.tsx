import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import Tab from '@mui/material/Tab';
import Tabs from '@mui/material/Tabs';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import type { PreviewResponse } from '../../../core/index';
import { formatBytes, formatDuration } from '../../components/format';
import { StatusChip } from '../../components/status-chip';
import { BodyView } from './body-view';
import { HeadersTable } from './headers-table';

/** Status, time and size on one line, then the body and headers as tabs. */
export function ResponseView({ response }: { response: PreviewResponse }) {
  const [tab, setTab] = useState<'body' | 'headers'>('body');
  const headerCount = Object.keys(response.headers).length;
  return (
    <Box sx={{ flex: 1, minHeight: 0, display: 'flex', flexDirection: 'column' }}>
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 1.5, px: 1.5, pt: 1, flexWrap: 'wrap' }}>
        <StatusChip status={response.status} statusText={response.statusText} />
        <Metric label="Time" value={formatDuration(response.elapsedMs)} testId="response-time" />
        <Metric label="Size" value={formatBytes(response.sizeBytes)} testId="response-size" />
        {response.truncated && (
          <Tooltip title="The body is larger than the preview limit; only its beginning is shown.">
            <Chip size="small" color="warning" variant="outlined" label="Truncated" />
          </Tooltip>
        )}
        <Tooltip title={`${response.request.method} ${response.request.url}`}>
          <Typography variant="caption" noWrap sx={{ flex: 1, minWidth: 0, textAlign: 'right', color: 'text.secondary' }}>
            {response.request.method} {response.request.url}
          </Typography>
        </Tooltip>
      </Box>
      <Tabs value={tab} onChange={(_e, next: 'body' | 'headers') => setTab(next)} sx={{ px: 1, borderBottom: 1, borderColor: 'divider' }}>
        <Tab value="body" label={response.bodyKind === 'json' ? 'Body · JSON' : response.bodyKind === 'text' ? 'Body · Text' : 'Body'} />
        <Tab value="headers" label={`Headers (${headerCount})`} />
      </Tabs>
      <Box sx={{ flex: 1, minHeight: 0, display: 'flex', flexDirection: 'column' }}>
        {tab === 'body' ? <BodyView response={response} /> : <HeadersTable headers={response.headers} />}
      </Box>
    </Box>
  );
}

function Metric({ label, value, testId }: { label: string; value: string; testId: string }) {
  return (
    <Typography variant="body2" sx={{ color: 'text.secondary', whiteSpace: 'nowrap' }}>
      {label}{' '}
      <Box component="span" data-testid={testId} sx={{ color: 'text.primary', fontWeight: 600 }}>{value}</Box>
    </Typography>
  );
}
