import Box from '@mui/material/Box';
import Paper from '@mui/material/Paper';
import Typography from '@mui/material/Typography';
import type { ReactNode } from 'react';

export interface PanelProps {
  title: string;
  icon?: ReactNode;
  /** Right-aligned content of the header (buttons, chips). */
  actions?: ReactNode;
  children: ReactNode;
  'aria-label'?: string;
}

/** A bordered pane with a slim header, the unit the workspace is built from. */
export function Panel({ title, icon, actions, children, ...rest }: PanelProps) {
  return (
    <Paper
      component="section"
      aria-label={rest['aria-label'] ?? title}
      variant="outlined"
      sx={{ display: 'flex', flexDirection: 'column', minWidth: 0, minHeight: 0, overflow: 'hidden' }}
    >
      <Box
        sx={{
          display: 'flex', alignItems: 'center', gap: 1, px: 1.5, height: 40, flexShrink: 0,
          borderBottom: 1, borderColor: 'divider',
        }}
      >
        {icon && <Box sx={{ display: 'flex', color: 'text.secondary', '& svg': { fontSize: 18 } }}>{icon}</Box>}
        <Typography variant="subtitle2" component="h2" noWrap sx={{ flex: 1, fontWeight: 600 }}>
          {title}
        </Typography>
        {actions}
      </Box>
      <Box sx={{ flex: 1, minHeight: 0, display: 'flex', flexDirection: 'column' }}>{children}</Box>
    </Paper>
  );
}
