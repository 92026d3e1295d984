import { Chip, FormControlLabel, Switch } from '@mui/material';
import { useState } from 'react';
import { alertsApi, type AlertEpisode } from '../../shared/api/alerts';
import { useApi } from '../../shared/api/useApi';
import { useI18n } from '../../shared/i18n/I18n';
import { formatDateTime } from '../../shared/lib/format';
import { ListFrame, PAGE_SIZE, type Column } from '../../shared/list/ListFrame';
import { errorDetail } from '../../shared/ui/Feedback';
import { kindLabel, relativeTime, scopeText, thresholdText } from './alertText';

export const POLL_EPISODES_MS = 30_000;

/** The recent episodes of the user's rules, newest first: open ones first in mind (a chip), with the values measured. */
export function EpisodeList({ names }: { names: Map<string, string> }) {
  const { t, lang } = useI18n();
  const [page, setPage] = useState(0);
  const [openOnly, setOpenOnly] = useState(false);
  const episodes = useApi(() => alertsApi.episodes({ page: page + 1, pageSize: PAGE_SIZE, state: openOnly ? 'open' : 'all' }), [page, openOnly],
    { pollingInterval: POLL_EPISODES_MS });
  const when = (s: number) => <span title={formatDateTime(s, lang)}>{relativeTime(s, lang)}</span>;
  const columns: Column<AlertEpisode>[] = [
    {
      key: 'state', header: t('alertState'), nowrap: true, card: 'badge',
      cell: (e) => (
        <Chip size="small" color={e.state === 'open' ? 'error' : 'success'} variant={e.state === 'open' ? 'filled' : 'outlined'}
          label={t(e.state === 'open' ? 'alertEpisodeState_open' : 'alertEpisodeState_resolved')} data-testid="episode-state" data-state={e.state} />
      ),
    },
    { key: 'rule', header: t('alertRule'), cell: (e) => e.ruleName, card: 'title' },
    {
      key: 'scope', header: t('alertScope'), card: 'body', cardText: { color: 'text.secondary' }, sx: { wordBreak: 'break-word' },
      cell: (e) => `${kindLabel(e.kind, t)} · ${scopeText(e.appDid, e.modelId, names, t)}`,
    },
    {
      key: 'opened', header: t('alertOpenedAt'), nowrap: true, card: 'figure',
      cell: (e) => <>{when(e.openedAt)} · {thresholdText(e.kind, e.openValue, lang, t)}</>,
    },
    {
      key: 'resolved', header: t('alertResolvedAt'), nowrap: true, card: 'figure',
      cell: (e) => (e.resolvedAt ? <>{when(e.resolvedAt)} · {thresholdText(e.kind, e.closeValue, lang, t)}</> : '–'),
    },
  ];
  return (
    <ListFrame<AlertEpisode> title={t('alertEpisodes')} testId="alert-episodes" columns={columns}
      rows={episodes.data?.items ?? []} rowKey={(e) => String(e.id)} rowTestId="episode-row"
      filters={(
        <FormControlLabel label={t('alertOnlyOpen')} control={(
          <Switch size="small" checked={openOnly} onChange={(e) => { setOpenOnly(e.target.checked); setPage(0); }}
            slotProps={{ input: { 'data-testid': 'episodes-open-only' } as object }} />
        )} />
      )}
      paging={{ page, pageSize: PAGE_SIZE, total: episodes.data?.total ?? 0, onPageChange: setPage }}
      loading={episodes.initialLoading} reloading={episodes.reloading}
      error={episodes.error ? { message: t('loadFailed', { what: t('alertEpisodes'), detail: errorDetail(episodes.error, t) }), onRetry: episodes.retry } : null}
      empty={{ title: t('alertNoEpisodes') }} />
  );
}
