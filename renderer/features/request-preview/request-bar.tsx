import SendIcon from '@mui/icons-material/Send';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import CircularProgress from '@mui/material/CircularProgress';
import MenuItem from '@mui/material/MenuItem';
import Select from '@mui/material/Select';
import TextField from '@mui/material/TextField';
import type { FormEvent } from 'react';
import type { PreviewRequestInput } from '../../../core/index';

export type HttpMethod = NonNullable<PreviewRequestInput['method']>;
export const METHODS: readonly HttpMethod[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD'];

export interface RequestDraft {
  method: HttpMethod;
  url: string;
}

export interface RequestBarProps {
  draft: RequestDraft;
  onChange: (draft: RequestDraft) => void;
  onSubmit: () => void;
  busy: boolean;
}

/** Method, URL and the Preview button; Enter in the URL field previews too. */
export function RequestBar({ draft, onChange, onSubmit, busy }: RequestBarProps) {
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (draft.url.trim()) onSubmit();
  };
  return (
    <Box component="form" onSubmit={submit} sx={{ display: 'flex', gap: 1, p: 1.5, borderBottom: 1, borderColor: 'divider' }}>
      <Select
        size="small"
        value={draft.method}
        onChange={(event) => onChange({ ...draft, method: event.target.value as HttpMethod })}
        inputProps={{ 'aria-label': 'HTTP method' }}
        sx={{ width: 100, flexShrink: 0, fontWeight: 600, fontSize: 13 }}
      >
        {METHODS.map((m) => <MenuItem key={m} value={m}>{m}</MenuItem>)}
      </Select>
      <TextField
        size="small"
        fullWidth
        value={draft.url}
        onChange={(event) => onChange({ ...draft, url: event.target.value })}
        placeholder="https://api.example.com/v1/items?page=1"
        autoComplete="off"
        spellCheck={false}
        slotProps={{ htmlInput: { 'aria-label': 'Request URL' } }}
      />
      <Button
        type="submit"
        variant="contained"
        disabled={busy || !draft.url.trim()}
        startIcon={busy ? <CircularProgress size={16} color="inherit" /> : <SendIcon fontSize="small" />}
        sx={{ flexShrink: 0, px: 2.5 }}
      >
        Preview
      </Button>
    </Box>
  );
}
