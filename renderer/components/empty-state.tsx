import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import type { ReactNode } from 'react';

/** Centered icon + one line + a hint, for panes with nothing to show yet. */
export function EmptyState({ icon, title, hint }: { icon: ReactNode; title: string; hint?: ReactNode }) {
  return (
    <Box
      sx={{
        flex: 1, display: 'flex', flexDirection: 'column', alignItems: 'center', justifyContent: 'center', gap: 1,
        p: 4, textAlign: 'center', color: 'text.secondary',
        '& > svg': { fontSize: 40, opacity: 0.5 },
      }}
    >
      {icon}
      <Typography variant="body1" sx={{ fontWeight: 600, color: 'text.primary' }}>{title}</Typography>
      {hint && <Typography variant="body2">{hint}</Typography>}
    </Box>
  );
}
