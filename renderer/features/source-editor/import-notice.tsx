import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import { isSluiceError } from '../../../core/index';
import { ErrorAlert } from '../../components/error-alert';
import { InlineCode } from '../../components/inline-code';
import type { ConfigImportState } from './use-config-import';

const code = (text: string) => <InlineCode key={text}>{text}</InlineCode>;

function joined(items: string[]) {
  return items.flatMap((item, i) => (i === 0 ? [code(item)] : [', ', code(item)]));
}

/**
 * What an import or paste did: which credentials moved to the keychain (names only), or, with no keychain, that they
 * are held in memory for this session only and how to keep them; what still needs a hand.
 */
export function ImportNotice({ state, onClose }: { state: ConfigImportState; onClose: () => void }) {
  if (state.status === 'error') {
    const keychain = isSluiceError(state.error) && state.error.code === 'KEYCHAIN_UNAVAILABLE';
    return (
      <Box sx={{ p: 1, pb: 0, display: 'flex', flexDirection: 'column', gap: 1 }} data-testid="import-error">
        {keychain && (
          <Typography variant="body2" sx={{ px: 0.5 }}>
            {state.fileName
              ? <>The credentials in {code(state.fileName)} were not moved, so the file was not loaded.</>
              : <>The pasted config holds credentials that could not be moved: replace them with {code('"{secrets.<name>}"')} references.</>}
          </Typography>
        )}
        <ErrorAlert error={state.error} onClose={onClose} />
      </Box>
    );
  }
  if (state.status !== 'done') return null;
  const { result, fileName } = state;
  const accounts = [...new Set(result.moved.map((m) => m.account))];
  const references = [...new Set(result.moved.map((m) => `{secrets.${m.name}}`))];
  if (accounts.length === 0 && result.warnings.length === 0) {
    if (!fileName) return null;
    return (
      <Box sx={{ p: 1, pb: 0 }}>
        <Alert severity="info" variant="outlined" onClose={onClose} data-testid="import-notice">
          Imported {code(fileName)}: it holds no literal credentials.
        </Alert>
      </Box>
    );
  }
  return (
    <Box sx={{ p: 1, pb: 0, display: 'flex', flexDirection: 'column', gap: 1 }}>
      {accounts.length > 0 && result.session && (
        <Alert severity="warning" variant="outlined" onClose={onClose} data-testid="session-notice" role="status" title={result.session.keychainMessage}>
          <AlertTitle sx={{ fontWeight: 600 }}>Held in memory only, lost when Sluice closes: {joined(accounts)}</AlertTitle>
          No OS keychain ({result.session.keychainReason}), so the {accounts.length === 1 ? 'value stays' : 'values stay'} in this app
          session&apos;s memory: never on disk, never in a saved project. The editor shows {joined(references)}. To keep{' '}
          {accounts.length === 1 ? 'it' : 'them'}, set {joined(result.session.envVars)} (or use {code(`[${result.session.tomlTable}]`)} in{' '}
          {code('.sluice/secrets.toml')}), or start the {result.session.keychainStore} and paste again.
        </Alert>
      )}
      {accounts.length > 0 && !result.session && (
        <Alert severity="success" variant="outlined" onClose={onClose} data-testid="import-notice" role="status">
          <AlertTitle sx={{ fontWeight: 600 }}>
            Moved {accounts.length === 1 ? '1 credential' : `${accounts.length} credentials`} to the keychain: {joined(accounts)}
          </AlertTitle>
          The config now refers to {accounts.length === 1 ? 'it' : 'them'} as {joined(references)}; the values stay in the OS keychain.
        </Alert>
      )}
      {result.warnings.map((warning) => (
        <Alert key={warning} severity="warning" variant="outlined" data-testid="import-warning">{warning}</Alert>
      ))}
    </Box>
  );
}
