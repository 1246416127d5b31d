import { createTheme } from '@mui/material/styles';

const MONO = '"JetBrains Mono", "SF Mono", Menlo, Consolas, "DejaVu Sans Mono", "Liberation Mono", monospace';

/**
 * Light and dark palettes switched by the OS setting (`prefers-color-scheme`) through CSS variables, so the page
 * never flashes the wrong theme and no JS has to watch the media query for MUI's sake.
 */
export const theme = createTheme({
  cssVariables: { colorSchemeSelector: 'media' },
  colorSchemes: {
    light: {
      palette: {
        primary: { main: '#2563eb', contrastText: '#ffffff' },
        background: { default: '#f3f4f7', paper: '#ffffff' },
        divider: 'rgba(15, 23, 42, 0.10)',
        text: { primary: '#1b1f29', secondary: '#5b6474' },
      },
    },
    dark: {
      palette: {
        primary: { main: '#7aa7ff', contrastText: '#0b1530' },
        background: { default: '#15171c', paper: '#1c1f26' },
        divider: 'rgba(255, 255, 255, 0.09)',
        text: { primary: '#e6e8ee', secondary: '#9aa3b2' },
      },
    },
  },
  shape: { borderRadius: 6 },
  typography: {
    fontFamily: 'Inter, system-ui, -apple-system, "Segoe UI", Roboto, Ubuntu, Cantarell, "Noto Sans", sans-serif',
    fontSize: 13,
    button: { textTransform: 'none', fontWeight: 600 },
    overline: { fontWeight: 700, letterSpacing: '0.08em', lineHeight: 2 },
  },
  components: {
    MuiButton: { defaultProps: { disableElevation: true } },
    MuiAppBar: { defaultProps: { elevation: 0, color: 'inherit' } },
    MuiPaper: { defaultProps: { elevation: 0 } },
    MuiTooltip: { defaultProps: { arrow: true } },
    MuiTableCell: { styleOverrides: { root: { paddingTop: 6, paddingBottom: 6 } } },
    MuiTab: { styleOverrides: { root: { minHeight: 40, textTransform: 'none', fontWeight: 600 } } },
    MuiTabs: { styleOverrides: { root: { minHeight: 40 } } },
  },
});

/** Monospace stack shared by Monaco and text bodies, so both look the same. */
export const MONO_FONT = MONO;
