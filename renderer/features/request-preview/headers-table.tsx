import Box from '@mui/material/Box';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import { MONO_FONT } from '../../app/theme';

/** Response headers, sorted by name; credential-carrying values arrive already masked by the host. */
export function HeadersTable({ headers }: { headers: Record<string, string> }) {
  const rows = Object.entries(headers).sort(([a], [b]) => a.localeCompare(b));
  return (
    <Box sx={{ flex: 1, minHeight: 0, overflow: 'auto' }}>
      <Table size="small" stickyHeader aria-label="Response headers">
        <TableHead>
          <TableRow>
            <TableCell sx={{ width: '35%', fontWeight: 600 }}>Name</TableCell>
            <TableCell sx={{ fontWeight: 600 }}>Value</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {rows.map(([name, value]) => (
            <TableRow key={name} hover>
              <TableCell sx={{ fontFamily: MONO_FONT, fontSize: 12, color: 'text.secondary', verticalAlign: 'top' }}>{name}</TableCell>
              <TableCell sx={{ fontFamily: MONO_FONT, fontSize: 12, overflowWrap: 'anywhere' }}>{value}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Box>
  );
}
