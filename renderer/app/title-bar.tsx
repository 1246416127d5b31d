import AppBar from '@mui/material/AppBar';
import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import Toolbar from '@mui/material/Toolbar';
import Typography from '@mui/material/Typography';
import type { ReactNode } from 'react';
import type { AppInfo } from '../../core/index';
import { SluiceLogo } from '../components/sluice-logo';

/** App name, the open project, and which host the app is talking to. */
export function TitleBar({ projectName, info, actions }: { projectName: string; info?: AppInfo; actions?: ReactNode }) {
  return (
    <AppBar position="static" sx={{ borderBottom: 1, borderColor: 'divider', bgcolor: 'background.paper' }}>
      <Toolbar variant="dense" sx={{ gap: 1.25, minHeight: 48 }}>
        <SluiceLogo size={24} />
        <Typography variant="subtitle1" component="span" sx={{ fontWeight: 700, letterSpacing: '-0.01em' }}>
          Sluice
        </Typography>
        <Typography component="span" sx={{ color: 'text.disabled' }}>/</Typography>
        <Typography variant="body2" component="span" noWrap sx={{ color: 'text.secondary', fontWeight: 500 }}>
          {projectName}
        </Typography>
        <Box sx={{ flex: 1 }} />
        {actions}
        {info && (
          <Chip
            size="small"
            variant="outlined"
            label={info.transport === 'electron' ? 'Desktop' : 'Browser mode'}
            data-testid="transport-chip"
          />
        )}
      </Toolbar>
    </AppBar>
  );
}
