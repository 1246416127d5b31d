import Chip from '@mui/material/Chip';

type ChipColor = 'success' | 'info' | 'warning' | 'error' | 'default';

export function statusColor(status: number): ChipColor {
  if (status >= 500) return 'error';
  if (status >= 400) return 'warning';
  if (status >= 300) return 'info';
  if (status >= 200) return 'success';
  return 'default';
}

/** `200 OK` in green, `404 Not Found` in amber, `500 …` in red. */
export function StatusChip({ status, statusText }: { status: number; statusText: string }) {
  return (
    <Chip
      data-testid="response-status"
      size="small"
      color={statusColor(status)}
      label={`${status}${statusText ? ` ${statusText}` : ''}`}
      sx={{ fontWeight: 700, borderRadius: 1 }}
    />
  );
}
