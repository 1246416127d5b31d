import useMediaQuery from '@mui/material/useMediaQuery';

/** The OS colour scheme, which both the MUI theme (through CSS variables) and Monaco follow. */
export function useColorMode(): 'light' | 'dark' {
  return useMediaQuery('(prefers-color-scheme: dark)', { noSsr: true }) ? 'dark' : 'light';
}
