import { base64NoPad } from './naming';

/** Standard base64 with `=` padding (binary column values, hashes). */
export function base64Padded(bytes: Uint8Array): string {
  const out = base64NoPad(bytes);
  return out + '='.repeat((4 - (out.length % 4)) % 4);
}
