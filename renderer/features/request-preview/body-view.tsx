import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import type { PreviewResponse } from '../../../core/index';
import { MONO_FONT } from '../../app/theme';
import { JsonEditor } from '../../editor/json-editor';

/** JSON bodies pretty-printed in a read-only Monaco; anything else as plain text. */
export function BodyView({ response }: { response: PreviewResponse }) {
  if (response.bodyKind === 'empty') {
    return <Typography sx={{ p: 2, color: 'text.secondary' }}>The response has no body.</Typography>;
  }
  if (response.bodyKind === 'json') {
    return <JsonEditor path="response.json" value={response.bodyText} readOnly ariaLabel="Response body (JSON)" />;
  }
  return (
    <Box
      component="pre"
      data-testid="response-text"
      sx={{
        m: 0, p: 2, flex: 1, minHeight: 0, overflow: 'auto', fontFamily: MONO_FONT, fontSize: 12.5,
        whiteSpace: 'pre-wrap', overflowWrap: 'anywhere',
      }}
    >
      {response.bodyText}
    </Box>
  );
}
