import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Box from '@mui/material/Box';
import { describeError } from './describe-error';
import { MONO_FONT } from '../app/theme';
import { TextWithCode } from './inline-code';

/** An error as a person reads it: what kind of failure, the host's message, and the code to search for. */
export function ErrorAlert({ error, onClose }: { error: unknown; onClose?: () => void }) {
  const { title, message, code } = describeError(error);
  return (
    <Alert severity="error" variant="outlined" role="alert" data-testid="error-alert" sx={{ alignItems: 'flex-start' }} {...(onClose ? { onClose } : {})}>
      <AlertTitle sx={{ fontWeight: 600 }}>{title}</AlertTitle>
      <Box sx={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}><TextWithCode text={message} /></Box>
      {code && (
        <Box component="code" sx={{ display: 'inline-block', mt: 1, fontFamily: MONO_FONT, fontSize: 11.5, opacity: 0.8 }}>
          {code}
        </Box>
      )}
    </Alert>
  );
}
