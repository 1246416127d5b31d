import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import type { HostStatus } from './use-host-status';

/** A thin bar at the bottom: connection state on the left, the host's latest log line on the right. */
export function StatusBar({ status }: { status: HostStatus }) {
  const connected = status.info !== undefined;
  const label = status.error ? 'Host unreachable' : connected ? 'Connected' : 'Connecting…';
  return (
    <Box
      component="footer"
      sx={{
        display: 'flex', alignItems: 'center', gap: 2, px: 1.5, height: 26, flexShrink: 0,
        borderTop: 1, borderColor: 'divider', bgcolor: 'background.paper', color: 'text.secondary',
      }}
    >
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 0.75 }}>
        <Box
          sx={{
            width: 8, height: 8, borderRadius: '50%',
            bgcolor: status.error ? 'error.main' : connected ? 'success.main' : 'warning.main',
          }}
        />
        <Typography variant="caption" data-testid="host-state">{label}</Typography>
      </Box>
      {status.info && (
        <Typography variant="caption" noWrap>
          v{status.info.version} · Node {status.info.nodeVersion} · {status.info.platform}
        </Typography>
      )}
      <Typography variant="caption" noWrap sx={{ flex: 1, minWidth: 0, textAlign: 'right' }} data-testid="last-log">
        {status.lastLog?.message}
      </Typography>
    </Box>
  );
}
