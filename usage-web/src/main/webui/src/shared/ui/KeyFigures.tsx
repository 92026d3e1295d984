import { Grid, Typography } from '@mui/material';

/** Phones: a chart gives way to its key figures. */
export function KeyFigures({ items }: { items: { label: string; value: string }[] }) {
  return (
    <Grid container spacing={1} data-testid="key-figures">
      {items.map((i) => (
        <Grid key={i.label} size={{ xs: 6 }}>
          <Typography variant="caption" color="text.secondary">{i.label}</Typography>
          <Typography variant="subtitle1" sx={{ fontWeight: 600 }}>{i.value}</Typography>
        </Grid>
      ))}
    </Grid>
  );
}
