import FilterListIcon from '@mui/icons-material/FilterList';
import { Box, Button, Drawer, MenuItem, Stack, TextField, Typography, useMediaQuery, useTheme } from '@mui/material';
import { useState, type ReactNode } from 'react';
import { useI18n } from '../i18n/I18n';

/** Filters inline on wide screens; on phones folded into a bottom drawer behind a Filters button. */
export function FilterBar({ children, testId }: { children: ReactNode; testId?: string }) {
  const { t } = useI18n();
  const theme = useTheme();
  const mobile = useMediaQuery(theme.breakpoints.down('sm'));
  const [open, setOpen] = useState(false);
  if (!mobile) {
    return <Stack direction="row" spacing={1.5} alignItems="center" flexWrap="wrap" useFlexGap data-testid={testId}>{children}</Stack>;
  }
  return (
    <>
      <Button size="small" variant="outlined" startIcon={<FilterListIcon />} onClick={() => setOpen(true)} data-testid={testId && `${testId}-open`}>
        {t('filters')}
      </Button>
      <Drawer anchor="bottom" open={open} onClose={() => setOpen(false)}>
        <Box sx={{ p: 2 }} data-testid={testId}>
          <Typography variant="subtitle1" sx={{ mb: 2 }}>{t('filters')}</Typography>
          <Stack spacing={2}>{children}</Stack>
          <Button fullWidth sx={{ mt: 2 }} variant="contained" onClick={() => setOpen(false)}>{t('ok')}</Button>
        </Box>
      </Drawer>
    </>
  );
}

export type FilterOption<T> = { value: T; label: string };

/** One choice of a FilterBar: a small select with its options; `testId` names the element to click. */
export function FilterSelect<T extends string | number>({ label, value, options, onChange, testId, minWidth }: {
  label: string; value: T; options: FilterOption<T>[]; onChange: (value: T) => void; testId: string; minWidth: number;
}) {
  return (
    <TextField select size="small" label={label} value={value} sx={{ minWidth }}
      onChange={(e) => {
        const chosen = options.find((o) => String(o.value) === String(e.target.value));
        if (chosen) onChange(chosen.value);
      }}
      slotProps={{ select: { SelectDisplayProps: { 'data-testid': testId } as object } }}>
      {options.map((o) => <MenuItem key={String(o.value)} value={o.value}>{o.label}</MenuItem>)}
    </TextField>
  );
}

/** Several choices of a FilterBar (none = all): the select names one, or how many are chosen. */
export function FilterMultiSelect({ label, value, options, onChange, testId, minWidth, allLabel }: {
  label: string; value: string[]; options: string[]; onChange: (value: string[]) => void; testId: string; minWidth: number; allLabel: string;
}) {
  return (
    <TextField select size="small" label={label} value={value} sx={{ minWidth, maxWidth: 260 }}
      onChange={(e) => onChange(typeof e.target.value === 'string' ? e.target.value.split(',') : (e.target.value as string[]))}
      slotProps={{ select: {
        multiple: true, displayEmpty: true,
        renderValue: (v) => ((v as string[]).length === 0 ? allLabel : (v as string[]).join(', ')),
        SelectDisplayProps: { 'data-testid': testId } as object,
      }, inputLabel: { shrink: true } }}>
      {options.map((o) => <MenuItem key={o} value={o} data-testid={`${testId}-option`}>{o}</MenuItem>)}
    </TextField>
  );
}
