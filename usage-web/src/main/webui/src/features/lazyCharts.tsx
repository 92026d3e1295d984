import { lazy } from 'react';

// The charts (recharts and what only it needs, ~100 KB gzip) are a chunk of their own, loaded when the
// first chart is about to be drawn: the Dashboard's and Project Detail's cards paint without waiting for
// it. Each place that draws shows a skeleton of the drawing's size meanwhile (<Suspense> with
// PlotSkeleton); a chunk that cannot load ends in the page's error boundary, like a page's own code.
const load = () => import('./charts');

export const SpendPlot = lazy(() => load().then((m) => ({ default: m.SpendPlot })));
export const TrendPlot = lazy(() => load().then((m) => ({ default: m.TrendPlot })));
export const ProjectTrendPlot = lazy(() => load().then((m) => ({ default: m.ProjectTrendPlot })));
export const ModelPie = lazy(() => load().then((m) => ({ default: m.ModelPie })));
export const ScatterPlot = lazy(() => load().then((m) => ({ default: m.ScatterPlot })));
