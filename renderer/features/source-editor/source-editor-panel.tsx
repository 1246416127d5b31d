import DataObjectIcon from '@mui/icons-material/DataObject';
import Chip from '@mui/material/Chip';
import { Panel } from '../../components/panel';
import { JsonEditor } from '../../editor/json-editor';
import type { SourceOutline } from './source-outline';

export interface SourceEditorPanelProps {
  text: string;
  onChange: (text: string) => void;
  outline: SourceOutline;
}

/** The source config as JSON (dlt's `rest_api` shape) in Monaco. */
export function SourceEditorPanel({ text, onChange, outline }: SourceEditorPanelProps) {
  const valid = outline.problem === undefined;
  return (
    <Panel
      title="source.json"
      aria-label="Source config"
      icon={<DataObjectIcon />}
      actions={
        <Chip
          size="small"
          variant="outlined"
          color={valid ? 'default' : 'warning'}
          label={valid ? `${outline.resources.length} resources` : 'Invalid JSON'}
          title={outline.problem}
        />
      }
    >
      <JsonEditor path="source.json" value={text} onChange={onChange} ariaLabel="Source config (JSON)" />
    </Panel>
  );
}
