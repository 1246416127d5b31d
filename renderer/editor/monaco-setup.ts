// Monaco from the local bundle only (no CDN): the editor core, its standard contributions and the JSON language.
// Importing `monaco-editor` itself would pull every language and weigh ~15 MB instead of ~5 MB.
import { loader } from '@monaco-editor/react';
import * as monaco from 'monaco-editor/editor/editor.api';
import 'monaco-editor/features/register.all';
import { jsonDefaults } from 'monaco-editor/languages/features/json/register';
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';
import JsonWorker from 'monaco-editor/languages/features/json/json.worker?worker';

self.MonacoEnvironment = {
  getWorker: (_workerId: string, label: string) => (label === 'json' ? new JsonWorker() : new EditorWorker()),
};

// Source configs may carry comments (they are the user's notes); never fetch schemas from the network.
jsonDefaults.setDiagnosticsOptions({ validate: true, allowComments: true, trailingCommas: 'warning', enableSchemaRequest: false });

/** Editor themes whose backgrounds match the MUI paper colours, so the editor sits flush in its panel. */
monaco.editor.defineTheme('sluice-light', {
  base: 'vs', inherit: true, rules: [],
  colors: { 'editor.background': '#ffffff', 'editorGutter.background': '#ffffff', 'editor.lineHighlightBackground': '#f3f5f9' },
});
monaco.editor.defineTheme('sluice-dark', {
  base: 'vs-dark', inherit: true, rules: [],
  colors: { 'editor.background': '#1c1f26', 'editorGutter.background': '#1c1f26', 'editor.lineHighlightBackground': '#242833' },
});

loader.config({ monaco });

export { monaco };
