import KeyIcon from '@mui/icons-material/KeyOutlined';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import LinearProgress from '@mui/material/LinearProgress';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import type { SecretStatus } from '../../../core/index';
import { MONO_FONT } from '../../app/theme';
import { ErrorAlert } from '../../components/error-alert';
import { api } from '../../platform/api';
import { SetSecretDialog } from './set-secret-dialog';
import { useSecrets } from './use-secrets';

export interface SecretsDialogProps {
  open: boolean;
  onClose: () => void;
  section: string;
  /** Names the config refers to with `{secrets.<name>}`. */
  references: string[];
}

const mono = { fontFamily: MONO_FONT, fontSize: 12 };

/** Providers Sluice itself can delete from: the keychain, and the memory of this session. */
const deletable = (secret: SecretStatus): boolean => secret.origin?.provider === 'keychain' || secret.origin?.provider === 'session';
const providerLabel = (secret: SecretStatus): string => (secret.origin?.provider === 'session' ? 'memory (this session)' : secret.origin?.provider ?? '—');

/** The project's secrets: name, where each comes from, set or not. Values are never shown (the host never sends them). */
export function SecretsDialog({ open, onClose, section, references }: SecretsDialogProps) {
  const { state, refresh } = useSecrets(open, section, references);
  const [target, setTarget] = useState<{ section: string; name: string }>();
  const [actionError, setActionError] = useState<unknown>();
  const keychain = state.listing?.keychain;
  const remove = async (secret: SecretStatus): Promise<void> => {
    setActionError(undefined);
    try {
      await api.deleteSecret({ section: secret.section, name: secret.name, scope: secret.scope });
    } catch (error) {
      setActionError(error);
    }
    await refresh();
  };
  return (
    <Dialog open={open} onClose={onClose} maxWidth="md" fullWidth aria-labelledby="secrets-title">
      <DialogTitle id="secrets-title" sx={{ display: 'flex', alignItems: 'center', gap: 1 }}>
        <KeyIcon fontSize="small" /> Secrets
        <Typography component="span" variant="body2" sx={{ color: 'text.secondary', ...mono }}>[sources.{section}]</Typography>
      </DialogTitle>
      <Box sx={{ height: 2 }}>{state.loading && <LinearProgress sx={{ height: 2 }} />}</Box>
      <DialogContent sx={{ display: 'flex', flexDirection: 'column', gap: 1.5 }}>
        {keychain?.available && (
          <Typography variant="body2" sx={{ color: 'text.secondary' }}>
            Values live in the {keychain.store} (or the environment and .sluice/secrets.toml) and are never shown here.
          </Typography>
        )}
        {keychain && !keychain.available && <Alert severity="warning" variant="outlined" data-testid="keychain-unavailable">{keychain.message}</Alert>}
        {state.listing?.secrets.some((secret) => secret.origin?.provider === 'session') && (
          <Typography variant="body2" sx={{ color: 'text.secondary' }} data-testid="session-secrets-note">
            Secrets marked <em>memory (this session)</em> were pasted while no keychain was available: they are lost when Sluice
            closes. Set their environment variables to keep them.
          </Typography>
        )}
        {state.error !== undefined && <ErrorAlert error={state.error} />}
        {actionError !== undefined && <ErrorAlert error={actionError} />}
        <Table size="small" aria-label="Secrets">
          <TableHead>
            <TableRow>
              <TableCell>Name</TableCell>
              <TableCell>Provider</TableCell>
              <TableCell>Environment variable</TableCell>
              <TableCell>Status</TableCell>
              <TableCell align="right">Actions</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {state.listing?.secrets.map((secret) => (
              <TableRow key={`${secret.scope}.${secret.section}.${secret.name}`}>
                <TableCell sx={mono}>{`{secrets.${secret.name}}`}</TableCell>
                <TableCell title={secret.origin?.location}>{providerLabel(secret)}</TableCell>
                <TableCell sx={{ ...mono, color: 'text.secondary' }}>{secret.envVar}</TableCell>
                <TableCell>
                  <Chip size="small" variant="outlined" color={secret.set ? 'success' : 'warning'} label={secret.set ? 'set' : 'unset'} />
                </TableCell>
                <TableCell align="right" sx={{ whiteSpace: 'nowrap' }}>
                  <Button size="small" disabled={keychain?.available === false} onClick={() => setTarget({ section: secret.section, name: secret.name })}>
                    Set…
                  </Button>
                  <Button
                    size="small"
                    color="error"
                    disabled={!deletable(secret)}
                    title={secret.origin && !deletable(secret) ? `Supplied by ${secret.origin.location}: change it there` : undefined}
                    onClick={() => void remove(secret)}
                  >
                    Delete
                  </Button>
                </TableCell>
              </TableRow>
            ))}
            {state.listing && state.listing.secrets.length === 0 && (
              <TableRow>
                <TableCell colSpan={5} sx={{ color: 'text.secondary' }}>
                  No secrets yet: refer to one in the config as {'"{secrets.<name>}"'}.
                </TableCell>
              </TableRow>
            )}
          </TableBody>
        </Table>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Close</Button>
      </DialogActions>
      <SetSecretDialog target={target} onClose={(saved) => { setTarget(undefined); if (saved) void refresh(); }} />
    </Dialog>
  );
}
