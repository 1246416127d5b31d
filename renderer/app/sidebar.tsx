import DataObjectIcon from '@mui/icons-material/DataObject';
import StorageIcon from '@mui/icons-material/Storage';
import TableRowsIcon from '@mui/icons-material/TableRowsOutlined';
import Box from '@mui/material/Box';
import List from '@mui/material/List';
import ListItem from '@mui/material/ListItem';
import ListItemButton from '@mui/material/ListItemButton';
import ListItemIcon from '@mui/material/ListItemIcon';
import ListItemText from '@mui/material/ListItemText';
import ListSubheader from '@mui/material/ListSubheader';
import Typography from '@mui/material/Typography';
import type { ReactNode } from 'react';
import type { ResourceOutline, SourceOutline } from '../features/source-editor/source-outline';
import { MONO_FONT } from './theme';

export interface SidebarProps {
  outline: SourceOutline;
  onPickResource: (resource: ResourceOutline) => void;
}

/** The project (source, destination) and the resources its source config declares. */
export function Sidebar({ outline, onPickResource }: SidebarProps) {
  return (
    <Box
      component="nav"
      aria-label="Project"
      sx={{ width: { xs: 208, lg: 248 }, flexShrink: 0, overflowY: 'auto', borderRight: 1, borderColor: 'divider', bgcolor: 'background.paper' }}
    >
      <List dense disablePadding subheader={<SectionHeader>Project</SectionHeader>}>
        <ListItem disablePadding>
          <ListItemButton selected sx={{ mx: 1, borderRadius: 1 }}>
            <ListItemIcon sx={{ minWidth: 32 }}><DataObjectIcon fontSize="small" /></ListItemIcon>
            <ListItemText primary="Source" secondary="source.json" />
          </ListItemButton>
        </ListItem>
        <ListItem sx={{ px: 3 }}>
          <ListItemIcon sx={{ minWidth: 32 }}><StorageIcon fontSize="small" /></ListItemIcon>
          <ListItemText primary="Destination" secondary="DuckDB · local file" />
        </ListItem>
      </List>
      <List
        dense
        disablePadding
        aria-label="Resources"
        subheader={<SectionHeader count={outline.resources.length}>Resources</SectionHeader>}
      >
        {outline.resources.map((resource) => (
          <ListItem key={resource.name} disablePadding>
            <ListItemButton
              sx={{ mx: 1, borderRadius: 1 }}
              disabled={!resource.url}
              onClick={() => onPickResource(resource)}
              title={resource.url ? `Preview GET ${resource.url}` : 'Set client.base_url to preview this resource'}
            >
              <ListItemIcon sx={{ minWidth: 32 }}><TableRowsIcon fontSize="small" /></ListItemIcon>
              <ListItemText
                primary={resource.name}
                secondary={`/${resource.path.replace(/^\//, '')}`}
                slotProps={{ secondary: { noWrap: true, sx: { fontFamily: MONO_FONT, fontSize: 11.5 } } }}
              />
            </ListItemButton>
          </ListItem>
        ))}
        {outline.resources.length === 0 && (
          <Typography variant="body2" sx={{ px: 3, py: 1, color: outline.problem ? 'warning.main' : 'text.secondary' }}>
            {outline.problem ? 'Fix the config to see its resources.' : 'No resources yet: add them to `resources` in source.json.'}
          </Typography>
        )}
      </List>
    </Box>
  );
}

function SectionHeader({ children, count }: { children: ReactNode; count?: number }) {
  return (
    <ListSubheader
      disableSticky
      sx={{ display: 'flex', alignItems: 'center', px: 3, pt: 1.5, lineHeight: '28px', bgcolor: 'transparent' }}
    >
      <Typography variant="overline" sx={{ flex: 1, fontSize: 11, color: 'text.secondary' }}>{children}</Typography>
      {count !== undefined && <Typography variant="caption" sx={{ color: 'text.secondary' }}>{count}</Typography>}
    </ListSubheader>
  );
}
