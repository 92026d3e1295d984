import { Box, CircularProgress } from '@mui/material';
import type { ReactNode } from 'react';

/** A table reloading with new parameters: its old rows stay, dimmed, under a spinner. */
export function LoadingOverlay({ loading, children }: { loading: boolean; children: ReactNode }) {
  return (
    <Box sx={{ position: 'relative' }}>
      {children}
      {loading && (
        <Box data-testid="table-overlay" sx={{
          position: 'absolute', inset: 0, display: 'flex', alignItems: 'center', justifyContent: 'center',
          bgcolor: 'rgba(255,255,255,0.6)', zIndex: 1,
        }}>
          <CircularProgress size={28} />
        </Box>
      )}
    </Box>
  );
}
