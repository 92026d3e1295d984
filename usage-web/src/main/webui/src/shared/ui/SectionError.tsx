import { Alert, Button } from '@mui/material';
import { useI18n } from '../i18n/I18n';
import { errorDetail } from './Feedback';

/**
 * A section that could not load: what failed and why, with Retry, in place of the section's
 * content — the rest of the page stays (docs/web.md "States").
 */
export function SectionError({ what, error, onRetry, testId = 'section-error' }: {
  what: string; error: unknown; onRetry: () => void; testId?: string;
}) {
  const { t } = useI18n();
  return (
    <Alert severity="error" data-testid={testId} sx={{ my: 1 }}
      action={<Button color="inherit" size="small" onClick={onRetry}>{t('retry')}</Button>}>
      {t('loadFailed', { what, detail: errorDetail(error, t) })}
    </Alert>
  );
}
