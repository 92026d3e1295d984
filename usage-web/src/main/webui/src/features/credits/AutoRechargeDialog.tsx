import { Alert, Button, Dialog, DialogActions, DialogContent, DialogTitle, FormControlLabel, Skeleton, Stack, Switch, TextField } from '@mui/material';
import { useEffect, useRef, useState } from 'react';
import { ApiError } from '../../shared/api/client';
import { usageApi } from '../../shared/api/usage';
import type { AutoRecharge } from '../../shared/api/types';
import { useI18n } from '../../shared/i18n/I18n';
import { validateAutoRecharge, type AutoRechargeForm } from './autoRecharge';
import { useFeedback } from '../../shared/ui/Feedback';

/** Configures automatic top-up: enabled, threshold, quantity, daily limits (PUT through the gateway). */
export function AutoRechargeDialog({ onClose }: { onClose: () => void }) {
  const { t } = useI18n();
  const { report, notify } = useFeedback();
  const [form, setForm] = useState<AutoRechargeForm | null>(null);
  const [saving, setSaving] = useState(false);
  const [refused, setRefused] = useState<string | null>(null);

  const load = () => usageApi.autoRecharge().then((c: AutoRecharge) => setForm({
    enabled: !!c.enabled, threshold: String(c.threshold ?? 0), quantity: String(c.quantity ?? 0),
    maxAttempts: String(c.dailyLimit?.maxAttempts ?? 0), maxAmount: String(c.dailyLimit?.maxAmount ?? 0),
  })).catch((e) => report(e, t('autoRecharge'), load));
  // eslint-disable-next-line react-hooks/exhaustive-deps
  useEffect(() => { load(); }, []);

  const errors = form ? validateAutoRecharge(form) : {};
  const save = async () => {
    if (!form || Object.keys(errors).length > 0) return;
    setSaving(true);
    setRefused(null);
    try {
      await usageApi.saveAutoRecharge({
        enabled: form.enabled, threshold: Number(form.threshold), quantity: Number(form.quantity),
        dailyLimit: { maxAttempts: Number(form.maxAttempts), maxAmount: Number(form.maxAmount) },
      });
      notify(t('saved'));
      onClose();
    } catch (e) {
      // a refused value is shown here to be corrected; anything else gets Retry (with the form as it is then)
      if (e instanceof ApiError && e.status === 400) setRefused(e.message);
      else report(e, t('autoRecharge'), () => saveRef.current());
    } finally {
      setSaving(false);
    }
  };
  const saveRef = useRef(save);
  saveRef.current = save;
  const field = (key: 'threshold' | 'quantity' | 'maxAttempts' | 'maxAmount') => form && (
    <TextField label={t(key)} type="number" size="small" value={form[key]}
      error={!!errors[key]} helperText={errors[key] ? t(errors[key]!) : ' '}
      slotProps={{ htmlInput: { 'data-testid': `auto-recharge-${key}`, min: 0 } }}
      onChange={(e) => setForm({ ...form, [key]: e.target.value })} />
  );
  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="xs" data-testid="auto-recharge-dialog">
      <DialogTitle>{t('autoRechargeTitle')}</DialogTitle>
      <DialogContent>
        {!form ? <Skeleton height={200} /> : (
          <Stack spacing={1} sx={{ pt: 1 }}>
            {refused && <Alert severity="error" data-testid="auto-recharge-refused">{refused}</Alert>}
            <FormControlLabel label={t('autoRechargeEnabled')} control={
              <Switch checked={form.enabled} onChange={(e) => setForm({ ...form, enabled: e.target.checked })}
                slotProps={{ input: { 'data-testid': 'auto-recharge-enabled' } as object }} />} />
            {field('threshold')}
            {field('quantity')}
            {field('maxAttempts')}
            {field('maxAmount')}
          </Stack>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{t('cancel')}</Button>
        <Button variant="contained" onClick={save} disabled={!form || saving || Object.keys(errors).length > 0} data-testid="auto-recharge-save">
          {t('save')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
