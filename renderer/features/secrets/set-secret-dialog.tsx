import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import TextField from '@mui/material/TextField';
import { useState, type FormEvent } from 'react';
import { api } from '../../platform/api';
import { ErrorAlert } from '../../components/error-alert';

export interface SetSecretDialogProps {
  target?: { section: string; name: string };
  onClose: (saved: boolean) => void;
}

/** A password field that writes into the keychain (`setSecret`); the value is dropped from state right after. */
export function SetSecretDialog({ target, onClose }: SetSecretDialogProps) {
  const [value, setValue] = useState('');
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const close = (saved: boolean): void => { setValue(''); setError(undefined); onClose(saved); };
  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    if (!target || !value) return;
    setBusy(true);
    try {
      await api.setSecret({ section: target.section, name: target.name, value });
      close(true);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const account = target ? `${target.section}.${target.name}` : '';
  return (
    <Dialog open={target !== undefined} onClose={() => close(false)} maxWidth="xs" fullWidth>
      <form onSubmit={(event) => void submit(event)}>
        <DialogTitle>Set {account}</DialogTitle>
        <DialogContent sx={{ display: 'flex', flexDirection: 'column', gap: 2 }}>
          <DialogContentText variant="body2">
            Stored in the OS keychain under the account {account}. Sluice never shows it again.
          </DialogContentText>
          <TextField
            autoFocus
            size="small"
            type="password"
            label="Value"
            autoComplete="new-password"
            value={value}
            onChange={(event) => setValue(event.target.value)}
            slotProps={{ htmlInput: { 'aria-label': 'Secret value', spellCheck: false } }}
          />
          {error !== undefined && <ErrorAlert error={error} />}
        </DialogContent>
        <DialogActions>
          <Button onClick={() => close(false)}>Cancel</Button>
          <Button type="submit" variant="contained" disabled={!value || busy}>Save to keychain</Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
