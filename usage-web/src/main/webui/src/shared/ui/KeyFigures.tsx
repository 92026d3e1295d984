import { Grid, Typography } from '@mui/material';

/** Phones: a chart gives way to its key figures (`metric`: which of the chart's metrics they describe). */
export function KeyFigures({ items, testId = 'key-figures', metric }: { items: { label: string; value: string }[]; testId?: string; metric?: string }) {
  return (
    <Grid container spacing={1} data-testid={testId} data-metric={metric}>
      {items.map((i) => (
        <Grid key={i.label} size={{ xs: 6 }} data-testid="key-figure">
          <Typography variant="caption" color="text.secondary">{i.label}</Typography>
          <Typography variant="subtitle1" sx={{ fontWeight: 600 }}>{i.value}</Typography>
        </Grid>
      ))}
    </Grid>
  );
}
