import DateRangeIcon from '@mui/icons-material/DateRange';
import { Box, Button, Popover, Stack, TextField, ToggleButton, ToggleButtonGroup, Typography } from '@mui/material';
import { useRef, useState } from 'react';
import { useI18n } from '../i18n/I18n';
import { customRangeProblem, isoDate, MAX_DAYS_BACK, type PageRange } from '../lib/pageRange';
import { RANGE_PRESETS, type TimeRange } from '../lib/range';

type Props = { value: PageRange; range: TimeRange; onChange: (r: PageRange) => void };

/**
 * The page's one range: 7 / 30 / 90 days or custom dates, and the dates it stands for. Every card,
 * chart and list of the page follows it (docs/web.md "Ranges and buckets").
 */
export function PageRangeBar({ value, range, onChange }: Props) {
  const { t, lang } = useI18n();
  const customButton = useRef<HTMLButtonElement>(null);
  const [editing, setEditing] = useState(false);
  const today = new Date();
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const problem = customRangeProblem(from, to, today);
  const openCustom = () => {
    const start = new Date(range.startTime * 1000);
    setFrom(value.kind === 'custom' ? value.from : isoDate(start));
    setTo(value.kind === 'custom' ? value.to : isoDate(today));
    setEditing(true);
  };
  const locale = lang === 'zh' ? 'zh-CN' : 'en-US';
  const dates = new Intl.DateTimeFormat(locale, { month: 'short', day: 'numeric', year: 'numeric' })
    .formatRange(new Date(range.startTime * 1000), new Date(range.endTime * 1000));
  const endsNow = value.kind === 'preset' || value.to === isoDate(today);
  return (
    <Stack direction={{ xs: 'column', sm: 'row' }} spacing={1.5} alignItems={{ sm: 'center' }} data-testid="page-range">
      <ToggleButtonGroup size="small" exclusive value={value.kind === 'custom' ? 'custom' : value.days} data-testid="range-toggle"
        onChange={(_, v: number | 'custom' | null) => {
          if (v === 'custom') openCustom();
          else if (v !== null) onChange({ kind: 'preset', days: v });
        }}>
        {RANGE_PRESETS.map((d) => (
          <ToggleButton key={d} value={d} aria-label={t('last', { days: d })}>{t('rangeShort', { days: d })}</ToggleButton>
        ))}
        <ToggleButton value="custom" ref={customButton} data-testid="range-custom" aria-label={t('customRange')}
          onClick={value.kind === 'custom' ? openCustom : undefined}>
          <DateRangeIcon fontSize="small" sx={{ mr: 0.5 }} />{t('customShort')}
        </ToggleButton>
      </ToggleButtonGroup>
      <Typography variant="body2" color="text.secondary" data-testid="range-label" data-start={range.startTime} data-end={range.endTime}>
        {dates}{endsNow ? ` · ${t('untilNow')}` : ''}
      </Typography>
      <Popover open={editing} anchorEl={customButton.current} onClose={() => setEditing(false)}
        anchorOrigin={{ vertical: 'bottom', horizontal: 'left' }}>
        <Box component="form" sx={{ p: 2, width: 300 }} data-testid="custom-range"
          onSubmit={(e) => {
            e.preventDefault();
            if (problem !== null) return;
            setEditing(false);
            onChange({ kind: 'custom', from, to });
          }}>
          <Typography variant="subtitle2" sx={{ mb: 1.5 }}>{t('customRange')}</Typography>
          <Stack spacing={1.5}>
            {([['from', from, setFrom], ['to', to, setTo]] as const).map(([name, v, set]) => (
              <TextField key={name} type="date" size="small" label={t(name === 'from' ? 'dateFrom' : 'dateTo')} value={v}
                onChange={(e) => set(e.target.value)}
                slotProps={{ inputLabel: { shrink: true },
                  htmlInput: { 'data-testid': `range-${name}`, min: isoDate(new Date(today.getFullYear(), today.getMonth(), today.getDate() - MAX_DAYS_BACK)), max: isoDate(today) } }} />
            ))}
            <Typography variant="caption" color={problem && from && to ? 'error' : 'text.secondary'} data-testid="custom-range-hint">
              {problem && from && to ? t(`rangeProblem_${problem}`) : t('customRangeHint', { days: MAX_DAYS_BACK + 1 })}
            </Typography>
            <Stack direction="row" spacing={1} justifyContent="flex-end">
              <Button onClick={() => setEditing(false)}>{t('cancel')}</Button>
              <Button type="submit" variant="contained" disabled={problem !== null} data-testid="range-apply">{t('apply')}</Button>
            </Stack>
          </Stack>
        </Box>
      </Popover>
    </Stack>
  );
}
