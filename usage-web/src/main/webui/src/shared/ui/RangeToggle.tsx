import { ToggleButton, ToggleButtonGroup } from '@mui/material';
import { useI18n } from '../i18n/I18n';
import { RANGE_PRESETS } from '../lib/range';

/** 7 / 30 / 90 days ("7d" / "7 天"; the accessible name says "Last 7 days"). */
export function RangeToggle({ value, onChange, testId }: { value: number; onChange: (days: number) => void; testId?: string }) {
  const { t } = useI18n();
  return (
    <ToggleButtonGroup size="small" exclusive value={value} data-testid={testId}
      onChange={(_, v: number | null) => v !== null && onChange(v)}>
      {RANGE_PRESETS.map((d) => (
        <ToggleButton key={d} value={d} aria-label={t('last', { days: d })}>{t('rangeShort', { days: d })}</ToggleButton>
      ))}
    </ToggleButtonGroup>
  );
}
