import Editor, { type OnMount } from '@monaco-editor/react';
import Box from '@mui/material/Box';
import CircularProgress from '@mui/material/CircularProgress';
import { MONO_FONT } from '../app/theme';
import { useColorMode } from './use-color-mode';

export interface JsonEditorProps {
  value: string;
  onChange?: (value: string) => void;
  readOnly?: boolean;
  /** Model URI path; one per document so Monaco keeps separate undo stacks and markers. */
  path: string;
  ariaLabel: string;
  /** The Monaco instance, for features that need its events (paste) or its model (replacing text without undo). */
  onMount?: OnMount;
}

/** Monaco configured for JSON, themed after the OS colour scheme; fills its parent. */
export function JsonEditor({ value, onChange, readOnly = false, path, ariaLabel, onMount }: JsonEditorProps) {
  const mode = useColorMode();
  return (
    <Box sx={{ height: '100%', minHeight: 0 }} data-testid={`json-editor-${path}`}>
      <Editor
        path={path}
        language="json"
        value={value}
        theme={mode === 'dark' ? 'sluice-dark' : 'sluice-light'}
        onChange={(next) => onChange?.(next ?? '')}
        {...(onMount ? { onMount } : {})}
        loading={<CircularProgress size={20} />}
        options={{
          readOnly,
          domReadOnly: readOnly,
          ariaLabel,
          automaticLayout: true,
          minimap: { enabled: false },
          scrollBeyondLastLine: false,
          fontFamily: MONO_FONT,
          fontSize: 12.5,
          lineHeight: 19,
          tabSize: 2,
          padding: { top: 10, bottom: 10 },
          renderLineHighlight: readOnly ? 'none' : 'line',
          folding: true,
          wordWrap: 'off',
          stickyScroll: { enabled: false },
          overviewRulerBorder: false,
          hideCursorInOverviewRuler: true,
          scrollbar: { verticalScrollbarSize: 10, horizontalScrollbarSize: 10 },
        }}
      />
    </Box>
  );
}
