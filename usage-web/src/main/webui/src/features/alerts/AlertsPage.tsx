import ArrowBackIcon from '@mui/icons-material/ArrowBack';
import { Box, Breadcrumbs, Grid, Link, Stack, Typography } from '@mui/material';
import { useRequest } from 'ahooks';
import { useMemo } from 'react';
import { Link as RouterLink, useSearchParams } from 'react-router';
import { usageApi } from '../../shared/api/usage';
import { useI18n } from '../../shared/i18n/I18n';
import { lastDays } from '../../shared/lib/range';
import { useDocumentTitle } from '../../shared/ui/documentTitle';
import { EpisodeList } from './EpisodeList';
import { NotificationList } from './NotificationList';
import { RuleList } from './RuleList';

/** The API's longest range: the projects a scope can name are those with calls in it. */
const PROJECT_DAYS = 366;

/**
 * The Alerts page (docs/alerts.md, docs/web.md): the user's rules with their create / edit dialog,
 * delivery logs and delete; the notifications (the bell's, all of them) and the recent episodes.
 * Each section loads, fails and retries on its own.
 */
export function AlertsPage() {
  const { t } = useI18n();
  useDocumentTitle(t('alerts'));
  const [params] = useSearchParams();
  const highlight = Number(params.get('notification')) || undefined;
  // the user's projects, for naming scopes and picking one; without them scopes show their DIDs
  const projects = useRequest(() => usageApi.projects({ ...lastDays(PROJECT_DAYS), sort: 'calls', page: 1, pageSize: 100 }),
    { onError: () => undefined });
  const options = useMemo(() => (projects.data?.projects ?? [])
    .filter((p) => p.appDid).map((p) => ({ appDid: p.appDid!, name: p.name })), [projects.data]);
  const names = useMemo(() => new Map(options.filter((o) => o.name).map((o) => [o.appDid, o.name!])), [options]);

  return (
    <Stack spacing={3} data-testid="alerts-page">
      <Box>
        <Breadcrumbs>
          <Link component={RouterLink} to="/usage/dashboard" underline="hover" sx={{ display: 'flex', alignItems: 'center', gap: 0.5 }}>
            <ArrowBackIcon fontSize="small" />{t('backToDashboard')}
          </Link>
          <Typography color="text.primary">{t('alerts')}</Typography>
        </Breadcrumbs>
        <Typography variant="h5" component="h1" sx={{ mt: 1 }}>{t('alerts')}</Typography>
      </Box>
      <RuleList projects={options} names={names} />
      <Grid container spacing={3}>
        <Grid size={{ xs: 12, lg: 6 }}><NotificationList names={names} highlight={highlight} /></Grid>
        <Grid size={{ xs: 12, lg: 6 }}><EpisodeList names={names} /></Grid>
      </Grid>
    </Stack>
  );
}
