// Every recharts drawing of the pages, in one chunk of its own ("charts"): the pages paint their cards
// without it and load it through features/lazyCharts.tsx. Import the drawings from there, not from here.
export { SpendPlot } from './credits/SpendPlot';
export { TrendPlot } from './dashboard/TrendPlot';
export { ModelPie } from './project/ModelPie';
export { ProjectTrendPlot } from './project/ProjectTrendPlot';
export { ScatterPlot } from './project/ScatterPlot';
