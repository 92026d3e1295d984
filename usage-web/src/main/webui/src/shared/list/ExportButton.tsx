import DownloadIcon from '@mui/icons-material/Download';
import { Box, Button, LinearProgress, Typography } from '@mui/material';
import { useRef, useState } from 'react';
import type { ExportProgress } from '../api/exportCsv';
import { useI18n } from '../i18n/I18n';
import { saveAs } from '../lib/csv';
import { formatInteger } from '../lib/format';
import { useFeedback } from '../ui/Feedback';

export type Exporter = (onProgress: (p: ExportProgress) => void, signal: AbortSignal) =>
  Promise<{ blob: Blob; filename: string; rows: number }>;

/**
 * "Export CSV": runs the exporter (a server export streamed in, or a series written here), shows
 * the rows received of the total while it runs (Cancel stops it), then saves the file. A failure
 * is a toast with Retry.
 */
export function ExportButton({ exporter, testId }: { exporter: Exporter; testId: string }) {
  const { t, lang } = useI18n();
  const { report, notify } = useFeedback();
  const [progress, setProgress] = useState<ExportProgress | null>(null);
  const abort = useRef<AbortController | null>(null);
  const run = async () => {
    const controller = new AbortController();
    abort.current = controller;
    setProgress({ rows: 0, total: null });
    try {
      const { blob, filename, rows } = await exporter(setProgress, controller.signal);
      saveAs(blob, filename);
      notify(t('exportDone', { rows: formatInteger(rows, lang) }));
    } catch (e) {
      if (!controller.signal.aborted) report(e, t('exportCsv'), run);
    } finally {
      setProgress(null);
      abort.current = null;
    }
  };
  if (!progress) {
    return <Button size="small" variant="outlined" startIcon={<DownloadIcon />} onClick={run} data-testid={testId}>{t('exportCsv')}</Button>;
  }
  const percent = progress.total ? Math.min(100, (progress.rows / progress.total) * 100) : undefined;
  return (
    <Box sx={{ minWidth: 200 }} data-testid={`${testId}-progress`} data-rows={progress.rows} data-total={progress.total ?? undefined}>
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 1 }}>
        <Typography variant="caption" sx={{ flexGrow: 1 }}>
          {t('exportProgress', { done: formatInteger(progress.rows, lang), total: progress.total === null ? '…' : formatInteger(progress.total, lang) })}
        </Typography>
        <Button size="small" onClick={() => abort.current?.abort()}>{t('cancel')}</Button>
      </Box>
      <LinearProgress variant={percent === undefined ? 'indeterminate' : 'determinate'} value={percent} />
    </Box>
  );
}

/** An exporter for CSV text already in the page (a chart's series). */
export function textExporter(make: () => { text: string; filename: string; rows: number }): Exporter {
  return async () => {
    const { text, filename, rows } = make();
    return { blob: new Blob([text], { type: 'text/csv;charset=utf-8' }), filename, rows };
  };
}
