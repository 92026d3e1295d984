import {
  Alert, Autocomplete, Box, Button, Chip, Dialog, DialogActions, DialogContent, DialogTitle, FormControlLabel, FormLabel, InputAdornment,
  MenuItem, Radio, RadioGroup, Stack, Switch, TextField, Typography, useMediaQuery, useTheme,
} from '@mui/material';
import { useRequest } from 'ahooks';
import { useRef, useState } from 'react';
import { alertsApi, type AlertKind, type AlertRule } from '../../shared/api/alerts';
import { ApiError } from '../../shared/api/client';
import { usageApi } from '../../shared/api/usage';
import { useI18n } from '../../shared/i18n/I18n';
import type { MessageKey } from '../../shared/i18n/messages';
import { lastDays } from '../../shared/lib/range';
import { useFeedback } from '../../shared/ui/Feedback';
import { kindLabel } from './alertText';
import {
  DEFAULT_THRESHOLD, KINDS, NOTIFY_AT_MAX_COUNT, bodyOf, emptyForm, fieldOfProblem, formOf, usesBudget, usesScope, usesWindow, validateRule,
  type Field, type FieldError, type RuleForm, type Scope,
} from './ruleForm';
import { WebhookSecret } from './WebhookSecret';

export type ProjectOption = { appDid: string; name?: string | null };

/**
 * Create or edit a rule: the fields its kind has (docs/alerts.md "Rules"), its scope (the whole
 * account, a project of the user's, or a model of one), the webhook and, for a saved rule, its
 * signing secret. Problems show at their field — ours as they are typed (after a first try to
 * save), the service's 400 where its detail says.
 */
export function RuleDialog({ rule, projects, onClose, onSaved }: {
  rule?: AlertRule; projects: ProjectOption[]; onClose: () => void; onSaved: (rule: AlertRule, created: boolean) => void;
}) {
  const { t } = useI18n();
  const { report } = useFeedback();
  const theme = useTheme();
  const phone = useMediaQuery(theme.breakpoints.down('sm'));
  const [form, setForm] = useState<RuleForm>(() => (rule ? formOf(rule) : emptyForm()));
  const [touched, setTouched] = useState<Set<Field>>(new Set());
  const [tried, setTried] = useState(false);
  const [serverErrors, setServerErrors] = useState<Partial<Record<Field, string>>>({});
  const [refused, setRefused] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [percent, setPercent] = useState('');

  const errors = validateRule(form);
  const set = <K extends keyof RuleForm>(key: K, value: RuleForm[K]) => {
    setForm((f) => ({ ...f, [key]: value }));
    setServerErrors((e) => ({ ...e, [key]: undefined }));
  };
  const touch = (field: Field) => setTouched((s) => (s.has(field) ? s : new Set(s).add(field)));
  const problem = (field: Field): string | undefined => {
    if (serverErrors[field]) return serverErrors[field];
    const e: FieldError | undefined = (tried || touched.has(field)) ? errors[field] : undefined;
    if (!e) return undefined;
    return 'text' in e ? e.text : t(e.key, e.vars);
  };

  const scoped = usesScope(form.kind);
  // models of the chosen project, for the model scope (the last 30 days: what it runs now); without
  // them (a project without calls yet, a failure) the model is typed in
  const models = useRequest(() => usageApi.projectModels(form.appDid, lastDays(30)), {
    refreshDeps: [form.appDid], ready: scoped && form.scope === 'model' && form.appDid !== '', onError: () => undefined,
  });
  const modelNames = (models.data?.modelDistribution ?? []).map((m) => m.model ?? '').filter(Boolean);

  const save = async () => {
    setTried(true);
    if (Object.keys(errors).length > 0) return;
    setSaving(true);
    setRefused(null);
    try {
      const body = bodyOf(form);
      const saved = rule ? await alertsApi.replaceRule(rule.id, body) : await alertsApi.createRule(body);
      onSaved(saved, !rule);
    } catch (e) {
      // a refused value is shown at its field to be corrected; anything else gets Retry (with the form as it is then)
      if (e instanceof ApiError && e.status === 400) {
        const field = fieldOfProblem(e.detail, e.problem);
        if (field) setServerErrors((s) => ({ ...s, [field]: e.detail }));
        else setRefused(t('alertRefused', { detail: e.detail }));
      } else if (e instanceof ApiError && e.status === 409) {
        setRefused(e.detail || t('alertTooMany'));
      } else {
        report(e, rule ? t('alertEditRule') : t('alertNewRule'), () => saveRef.current());
      }
    } finally {
      setSaving(false);
    }
  };
  const saveRef = useRef(save);
  saveRef.current = save;

  const text = (field: 'name' | 'threshold' | 'windowHours' | 'minCalls' | 'cooldownMinutes' | 'webhookUrl', label: string,
    extra: { number?: boolean; hint?: string; end?: string; min?: number } = {}) => (
    <TextField label={label} size="small" fullWidth value={form[field]} type={extra.number ? 'number' : 'text'}
      error={!!problem(field)} helperText={problem(field) ?? extra.hint ?? ' '}
      onChange={(e) => set(field, e.target.value)} onBlur={() => touch(field)}
      slotProps={{
        htmlInput: { 'data-testid': `rule-${field}`, min: extra.min },
        input: extra.end ? { endAdornment: <InputAdornment position="end">{extra.end}</InputAdornment> } : undefined,
      }} />
  );
  const addPercent = () => {
    const p = Number(percent);
    if (!Number.isInteger(p) || p < 1 || p > 1000 || form.notifyAt.includes(p)) return;
    set('notifyAt', [...form.notifyAt, p].sort((a, b) => a - b));
    setPercent('');
  };
  const projectLabel = (appDid: string) => {
    const p = projects.find((o) => o.appDid === appDid);
    return p?.name ? `${p.name} (${appDid})` : appDid;
  };

  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="sm" fullScreen={phone} data-testid="rule-dialog">
      <DialogTitle>{rule ? t('alertEditRule') : t('alertNewRule')}</DialogTitle>
      <DialogContent>
        <Stack spacing={1} sx={{ pt: 1 }}>
          {refused && <Alert severity="error" data-testid="rule-refused">{refused}</Alert>}
          {text('name', t('alertRuleName'))}
          <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2} alignItems={{ sm: 'center' }}>
            <TextField select size="small" label={t('alertKind')} value={form.kind} sx={{ minWidth: 220 }}
              error={!!problem('kind')} helperText={problem('kind') ?? ' '}
              onChange={(e) => {
                const kind = e.target.value as AlertKind;
                setForm((f) => ({ ...f, kind, threshold: DEFAULT_THRESHOLD[kind] }));
                setServerErrors({});
              }}
              slotProps={{ select: { SelectDisplayProps: { 'data-testid': 'rule-kind' } as object } }}>
              {KINDS.map((k) => <MenuItem key={k} value={k} data-testid={`rule-kind-${k}`}>{kindLabel(k, t)}</MenuItem>)}
            </TextField>
            <FormControlLabel label={t('alertEnabled')} sx={{ pb: 2.5 }} control={
              <Switch checked={form.enabled} onChange={(e) => set('enabled', e.target.checked)}
                slotProps={{ input: { 'data-testid': 'rule-enabled' } as object }} />} />
          </Stack>

          <Box>
            <FormLabel id="rule-scope-label">{t('alertScope')}</FormLabel>
            {scoped ? (
              <RadioGroup row aria-labelledby="rule-scope-label" value={form.scope} data-testid="rule-scope"
                onChange={(e) => set('scope', e.target.value as Scope)}>
                {(['account', 'project', 'model'] as const).map((s) => (
                  <FormControlLabel key={s} value={s} control={<Radio size="small" />} label={t(`alertScope_${s}` as MessageKey)}
                    data-testid={`rule-scope-${s}`} />
                ))}
              </RadioGroup>
            ) : (
              <Typography variant="body2" color="text.secondary" sx={{ py: 1 }} data-testid="rule-scope-credits">{t('alertScopeCredits')}</Typography>
            )}
          </Box>
          {scoped && form.scope !== 'account' && (
            <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2}>
              <Autocomplete freeSolo fullWidth size="small" options={projects.map((p) => p.appDid)} value={form.appDid || null}
                getOptionLabel={(o) => projectLabel(o)}
                onChange={(_, v) => { set('appDid', v ?? ''); set('modelId', ''); }}
                onInputChange={(_, v, reason) => { if (reason === 'input') set('appDid', v); }}
                renderInput={(params) => (
                  <TextField {...params} label={t('alertProject')} error={!!problem('appDid')} helperText={problem('appDid') ?? ' '}
                    onBlur={() => touch('appDid')}
                    inputProps={{ ...params.inputProps, 'data-testid': 'rule-appDid' }} />
                )} />
              {form.scope === 'model' && (
                <Autocomplete freeSolo fullWidth size="small" options={modelNames} value={form.modelId || null} loading={models.loading}
                  onChange={(_, v) => set('modelId', v ?? '')}
                  onInputChange={(_, v, reason) => { if (reason === 'input') set('modelId', v); }}
                  renderInput={(params) => (
                    <TextField {...params} label={t('alertModel')} error={!!problem('modelId')} helperText={problem('modelId') ?? ' '}
                      onBlur={() => touch('modelId')}
                      inputProps={{ ...params.inputProps, 'data-testid': 'rule-modelId' }} />
                  )} />
              )}
            </Stack>
          )}

          {text('threshold', t(`alertThreshold_${form.kind}` as MessageKey), { number: true, min: 0 })}
          {usesWindow(form.kind) && (
            <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2}>
              {text('windowHours', t('alertWindowHours'), { number: true, min: 1, hint: t('alertWindowHint') })}
              {text('minCalls', t('alertMinCalls'), { number: true, min: 1 })}
            </Stack>
          )}
          {usesBudget(form.kind) && (
            <>
              <TextField select size="small" label={t('alertPeriod')} value={form.period} sx={{ maxWidth: 220 }}
                error={!!problem('period')} helperText={problem('period') ?? ' '}
                onChange={(e) => set('period', e.target.value as RuleForm['period'])}
                slotProps={{ select: { SelectDisplayProps: { 'data-testid': 'rule-period' } as object } }}>
                <MenuItem value="day">{t('alertPeriod_day')}</MenuItem>
                <MenuItem value="month">{t('alertPeriod_month')}</MenuItem>
              </TextField>
              <Box data-testid="rule-notifyAt">
                <FormLabel error={!!problem('notifyAt')}>{t('alertNotifyAt')}</FormLabel>
                <Stack direction="row" spacing={1} alignItems="center" flexWrap="wrap" useFlexGap sx={{ mt: 1 }}>
                  {form.notifyAt.map((p) => (
                    <Chip key={p} label={`${p}%`} size="small" data-testid="rule-notifyAt-chip"
                      onDelete={() => set('notifyAt', form.notifyAt.filter((x) => x !== p))} />
                  ))}
                  {form.notifyAt.length < NOTIFY_AT_MAX_COUNT && (
                    <TextField size="small" type="number" value={percent} sx={{ width: 110 }} placeholder="90"
                      onChange={(e) => setPercent(e.target.value)}
                      onKeyDown={(e) => { if (e.key === 'Enter') { e.preventDefault(); addPercent(); } }}
                      slotProps={{
                        htmlInput: { 'data-testid': 'rule-notifyAt-input', min: 1, max: 1000, 'aria-label': t('alertNotifyAtAdd') },
                        input: { endAdornment: <InputAdornment position="end">%</InputAdornment> },
                      }} />
                  )}
                  {form.notifyAt.length < NOTIFY_AT_MAX_COUNT && (
                    <Button size="small" onClick={addPercent} data-testid="rule-notifyAt-add">{t('alertNotifyAtAdd')}</Button>
                  )}
                </Stack>
                <Typography variant="caption" color={problem('notifyAt') ? 'error' : 'text.secondary'} sx={{ display: 'block', minHeight: 20, mt: 0.5 }}
                  data-testid="rule-notifyAt-error">
                  {problem('notifyAt') ?? ' '}
                </Typography>
              </Box>
            </>
          )}
          {text('cooldownMinutes', t('alertCooldown'), { number: true, min: 0 })}
          {text('webhookUrl', t('alertWebhookUrl'), { hint: t('alertWebhookHint') })}
          {rule?.webhookSecret && <WebhookSecret secret={rule.webhookSecret} />}
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{t('cancel')}</Button>
        <Button variant="contained" onClick={save} disabled={saving || (tried && Object.keys(errors).length > 0)} data-testid="rule-save">
          {t('save')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
