import { Skeleton } from '@mui/material';

/**
 * What a chart's place shows while the charts' code (recharts, a chunk of its own: features/lazyCharts.tsx)
 * is still downloading: a skeleton of the drawing's size, so nothing moves when it arrives.
 */
export function PlotSkeleton({ height, width, circular }: { height: number; width?: number | string; circular?: boolean }) {
  return <Skeleton variant={circular ? 'circular' : 'rectangular'} height={height} width={width} sx={circular ? { mx: 'auto' } : undefined}
    data-testid="plot-skeleton" />;
}
