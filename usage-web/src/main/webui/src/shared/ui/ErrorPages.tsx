import BlockIcon from '@mui/icons-material/Block';
import CloudOffIcon from '@mui/icons-material/CloudOff';
import SearchOffIcon from '@mui/icons-material/SearchOff';
import { Box, Button, Stack, Typography } from '@mui/material';
import type { ReactNode } from 'react';
import { Link as RouterLink } from 'react-router';
import { useI18n } from '../i18n/I18n';
import { useDocumentTitle } from './documentTitle';

function ErrorPage({ icon, title, body, action, testId }: { icon: ReactNode; title: string; body: string; action: ReactNode; testId: string }) {
  useDocumentTitle(title);
  return (
    <Box sx={{ py: 10, textAlign: 'center' }} data-testid={testId}>
      <Stack spacing={2} alignItems="center">
        <Box sx={{ color: 'text.secondary', '& svg': { fontSize: 64 } }}>{icon}</Box>
        <Typography variant="h5" component="h1">{title}</Typography>
        <Typography color="text.secondary" sx={{ maxWidth: 420 }}>{body}</Typography>
        {action}
      </Stack>
    </Box>
  );
}

export function NetworkErrorPage() {
  const { t } = useI18n();
  return <ErrorPage testId="network-error" icon={<CloudOffIcon />} title={t('networkTitle')} body={t('networkBody')}
    action={<Button variant="contained" onClick={() => window.location.reload()}>{t('reload')}</Button>} />;
}

export function ForbiddenPage() {
  const { t } = useI18n();
  return <ErrorPage testId="forbidden" icon={<BlockIcon />} title={t('forbiddenTitle')} body={t('forbiddenBody')}
    action={<Button variant="outlined" component={RouterLink} to="/usage/dashboard">{t('dashboard')}</Button>} />;
}

/**
 * Not found: a project the user has no calls in (the API's 404, `what="project"`), or an address
 * that is no page at all (`what="page"`, e.g. /usage/anything).
 */
export function NotFoundPage({ what }: { what: 'project' | 'page' }) {
  const { t } = useI18n();
  const [title, body] = what === 'project' ? [t('notFoundTitle'), t('notFoundBody')] : [t('pageNotFoundTitle'), t('pageNotFoundBody')];
  return <ErrorPage testId="not-found" icon={<SearchOffIcon />} title={title} body={body}
    action={<Button variant="outlined" component={RouterLink} to="/usage/dashboard">{t('dashboard')}</Button>} />;
}
