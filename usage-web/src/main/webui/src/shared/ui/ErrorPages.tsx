import BlockIcon from '@mui/icons-material/Block';
import CloudOffIcon from '@mui/icons-material/CloudOff';
import SearchOffIcon from '@mui/icons-material/SearchOff';
import { Box, Button, Stack, Typography } from '@mui/material';
import type { ReactNode } from 'react';
import { Link as RouterLink } from 'react-router';
import { useI18n } from '../i18n/I18n';

function ErrorPage({ icon, title, body, action, testId }: { icon: ReactNode; title: string; body: string; action: ReactNode; testId: string }) {
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

export function NotFoundPage() {
  const { t } = useI18n();
  return <ErrorPage testId="not-found" icon={<SearchOffIcon />} title={t('notFoundTitle')} body={t('notFoundBody')}
    action={<Button variant="outlined" component={RouterLink} to="/usage/dashboard">{t('dashboard')}</Button>} />;
}
