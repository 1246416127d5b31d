import Box from '@mui/material/Box';
import { MONO_FONT } from '../app/theme';

/** A name, path or value set as code within running text. */
export function InlineCode({ children }: { children: string }) {
  return <Box component="code" sx={{ fontFamily: MONO_FONT, fontSize: '0.92em' }}>{children}</Box>;
}

/**
 * The engine's messages quote names in backticks (`` `client.auth.token` ``): shown as code, the way the rest of the
 * UI shows names, instead of as literal backticks. An unpaired backtick stays as it is.
 */
export function TextWithCode({ text }: { text: string }) {
  const parts = text.split(/`([^`\n]+)`/);
  return <>{parts.map((part, i) => (i % 2 === 1 ? <InlineCode key={i}>{part}</InlineCode> : part))}</>;
}
