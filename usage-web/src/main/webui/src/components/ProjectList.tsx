import SearchIcon from '@mui/icons-material/Search';
import {
  Card, CardActionArea, CardContent, InputAdornment, Link, MenuItem, Stack, Table, TableBody, TableCell, TableContainer,
  TableHead, TableRow, TextField, Tooltip, Typography, useMediaQuery, useTheme,
} from '@mui/material';
import { useDebounce } from 'ahooks';
import { useState } from 'react';
import { Link as RouterLink, useNavigate } from 'react-router';
import type { ProjectSummary } from '../api/types';
import { usageApi, type Range } from '../api/usage';
import { useApi } from '../hooks/useApi';
import { useI18n } from '../i18n/I18n';
import { formatCredits, formatDateTime, formatInteger, formatRate } from '../lib/format';
import { FilterBar } from './FilterBar';
import { PAGE_SIZE, PagedList } from './PagedList';


export const projectPath = (appDid: string) => `/usage/projects/${encodeURIComponent(appDid)}`;

/** The user's projects in the range: sort by calls or credits, search by appDid, 20 per page. */
export function ProjectList({ range, days }: { range: Range; days: number }) {
  const { t, lang } = useI18n();
  const theme = useTheme();
  const mobile = useMediaQuery(theme.breakpoints.down('sm'));
  const navigate = useNavigate();
  const [sort, setSort] = useState<'calls' | 'credits'>('calls');
  const [search, setSearch] = useState('');
  const q = useDebounce(search.trim(), { wait: 300 });
  // a page number belongs to the range it was chosen in: another range starts at page 1
  const [paging, setPaging] = useState({ days, page: 0 });
  const page = paging.days === days ? paging.page : 0;
  const setPage = (p: number) => setPaging({ days, page: p });
  const { data, initialLoading, reloading } = useApi(
    () => usageApi.projects({ ...range, sort, q, page: page + 1, pageSize: PAGE_SIZE }),
    [days, sort, q, page], { what: t('projects') });
  const rows = data?.projects ?? [];
  const tooltip = (p: ProjectSummary) => t('projectTooltip', {
    calls: formatInteger(p.totalCalls, lang), tokens: formatInteger(p.totalTokens, lang), credits: formatCredits(p.totalCredits, lang),
  });
  const filters = (
    <FilterBar testId="project-filters">
      <TextField size="small" placeholder={t('searchAppDid')} value={search}
        onChange={(e) => { setSearch(e.target.value); setPage(0); }}
        slotProps={{ input: { startAdornment: <InputAdornment position="start"><SearchIcon fontSize="small" /></InputAdornment> },
          htmlInput: { 'data-testid': 'project-search' } }} />
      <TextField select size="small" label={t('sortBy')} value={sort} sx={{ minWidth: 150 }}
        onChange={(e) => { setSort(e.target.value as 'calls' | 'credits'); setPage(0); }}
        slotProps={{ select: { SelectDisplayProps: { 'data-testid': 'project-sort' } as object } }}>
        <MenuItem value="calls">{t('totalCalls')}</MenuItem>
        <MenuItem value="credits">{t('totalCredits')}</MenuItem>
      </TextField>
    </FilterBar>
  );
  return (
    <Card variant="outlined" data-testid="project-list">
      <CardContent>
        <Stack direction="row" justifyContent="space-between" alignItems="center" sx={{ mb: 2 }} spacing={2}>
          <Typography variant="h6" component="h2">{t('projects')}</Typography>
          {filters}
        </Stack>
        <PagedList initialLoading={initialLoading} reloading={reloading} empty={rows.length === 0} emptyText={t('noProjects')}
          skeletonHeight={200} count={data?.count ?? 0} page={page} onPageChange={setPage}>
          {mobile ? (
            <Stack spacing={1} data-testid="project-cards">
              {rows.map((p) => (
                <Card key={p.appDid} variant="outlined" data-testid="project-row">
                  <CardActionArea onClick={() => navigate(projectPath(p.appDid!))}>
                    <CardContent sx={{ py: 1.5 }}>
                      <Typography variant="subtitle2" sx={{ wordBreak: 'break-all' }}>{p.appDid}</Typography>
                      <Stack direction="row" justifyContent="space-between" sx={{ mt: 0.5 }}>
                        <Typography variant="body2">{formatInteger(p.totalCalls, lang)} {t('calls')}</Typography>
                        <Typography variant="body2">{formatCredits(p.totalCredits, lang)} {t('credits')}</Typography>
                        <Typography variant="body2">{formatRate(p.successRate, lang)}</Typography>
                      </Stack>
                    </CardContent>
                  </CardActionArea>
                </Card>
              ))}
            </Stack>
          ) : (
            <TableContainer>
              <Table size="small">
                <TableHead>
                  <TableRow>
                    <TableCell>appDid</TableCell>
                    <TableCell align="right">{t('totalCalls')}</TableCell>
                    <TableCell align="right">{t('totalCredits')}</TableCell>
                    <TableCell align="right">{t('successRate')}</TableCell>
                    <TableCell align="right">{t('lastCall')}</TableCell>
                  </TableRow>
                </TableHead>
                <TableBody>
                  {rows.map((p) => (
                    <Tooltip key={p.appDid} title={tooltip(p)} placement="top-start" followCursor>
                      <TableRow hover sx={{ cursor: 'pointer' }} data-testid="project-row" onClick={() => navigate(projectPath(p.appDid!))}>
                        <TableCell>
                          <Link component={RouterLink} to={projectPath(p.appDid!)} onClick={(e) => e.stopPropagation()}>{p.appDid}</Link>
                        </TableCell>
                        <TableCell align="right" data-testid="project-calls">{formatInteger(p.totalCalls, lang)}</TableCell>
                        <TableCell align="right" data-testid="project-credits">{formatCredits(p.totalCredits, lang)}</TableCell>
                        <TableCell align="right">{formatRate(p.successRate, lang)}</TableCell>
                        <TableCell align="right">{formatDateTime(p.lastCallTime, lang)}</TableCell>
                      </TableRow>
                    </Tooltip>
                  ))}
                </TableBody>
              </Table>
            </TableContainer>
          )}
          </PagedList>
      </CardContent>
    </Card>
  );
}
