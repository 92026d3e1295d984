import AddIcon from '@mui/icons-material/Add';
import DeleteOutlineIcon from '@mui/icons-material/DeleteOutline';
import EditOutlinedIcon from '@mui/icons-material/EditOutlined';
import HistoryIcon from '@mui/icons-material/History';
import {
  Button, Chip, Dialog, DialogActions, DialogContent, DialogContentText, DialogTitle, IconButton, Stack, Switch, Tooltip, Typography,
} from '@mui/material';
import { useState } from 'react';
import { alertsApi, type AlertRule } from '../../shared/api/alerts';
import { useApi } from '../../shared/api/useApi';
import { useI18n } from '../../shared/i18n/I18n';
import type { MessageKey } from '../../shared/i18n/messages';
import { ListFrame, type Column } from '../../shared/list/ListFrame';
import { errorDetail, useFeedback } from '../../shared/ui/Feedback';
import { conditionText, kindLabel, scopeText } from './alertText';
import { DeliveriesDialog } from './DeliveriesDialog';
import { RuleDialog, type ProjectOption } from './RuleDialog';
import { bodyOf, formOf } from './ruleForm';
import { WebhookSecret } from './WebhookSecret';

/** Rules are re-read this often, so their state (firing / ok) follows the service. */
export const POLL_RULES_MS = 30_000;
const STATE_COLOR = { firing: 'error', ok: 'success', disabled: 'default' } as const;

/**
 * The user's rules (at most 100, one page): name, kind, scope, the condition in words, the state,
 * an enabled switch, and edit / delivery log / delete.
 */
export function RuleList({ projects, names }: { projects: ProjectOption[]; names: Map<string, string> }) {
  const { t, lang } = useI18n();
  const { report, notify } = useFeedback();
  const rules = useApi(() => alertsApi.rules(), [], { pollingInterval: POLL_RULES_MS });
  const [editing, setEditing] = useState<AlertRule | 'new' | null>(null);
  const [deleting, setDeleting] = useState<AlertRule | null>(null);
  const [deliveriesOf, setDeliveriesOf] = useState<AlertRule | null>(null);
  const [createdSecret, setCreatedSecret] = useState<string | null>(null);
  // a switch flipped, until the service's answer replaces the list
  const [switching, setSwitching] = useState<Record<string, boolean>>({});

  const setEnabled = async (rule: AlertRule, enabled: boolean) => {
    setSwitching((s) => ({ ...s, [rule.id]: enabled }));
    try {
      await alertsApi.replaceRule(rule.id, bodyOf({ ...formOf(rule), enabled }));
      rules.retry();
    } catch (e) {
      report(e, rule.name, () => void setEnabled(rule, enabled));
    } finally {
      setSwitching((s) => { const { [rule.id]: _, ...rest } = s; return rest; });
    }
  };
  const remove = async (rule: AlertRule) => {
    setDeleting(null);
    try {
      await alertsApi.deleteRule(rule.id);
      notify(t('alertDeleted'));
      rules.retry();
    } catch (e) {
      report(e, rule.name, () => void remove(rule));
    }
  };

  const columns: Column<AlertRule>[] = [
    { key: 'name', header: t('alertRuleName'), cell: (r) => <Typography variant="body2" fontWeight={500}>{r.name}</Typography>, card: 'title' },
    { key: 'kind', header: t('alertKind'), cell: (r) => kindLabel(r.kind, t), nowrap: true, card: 'body' },
    { key: 'scope', header: t('alertScope'), cell: (r) => scopeText(r.appDid, r.modelId, names, t), sx: { wordBreak: 'break-all' }, card: 'body' },
    { key: 'condition', header: t('alertCondition'), cell: (r) => conditionText(r, lang, t), card: 'body', cardText: { color: 'text.secondary' } },
    {
      key: 'state', header: t('alertState'), nowrap: true, card: 'badge',
      cell: (r) => (
        <Chip size="small" variant={r.state === 'firing' ? 'filled' : 'outlined'} color={STATE_COLOR[r.state] ?? 'default'}
          label={t(`alertState_${r.state}` as MessageKey)} data-testid="rule-state" data-state={r.state} />
      ),
    },
    {
      key: 'enabled', header: t('alertEnabled'), card: 'figure',
      cell: (r) => (
        <Switch size="small" checked={switching[r.id] ?? r.enabled} disabled={r.id in switching}
          onChange={(e) => void setEnabled(r, e.target.checked)}
          slotProps={{ input: { 'aria-label': `${t('alertEnabled')}: ${r.name}`, 'data-testid': 'rule-enabled-switch' } as object }} />
      ),
    },
    {
      key: 'actions', header: '', align: 'right', nowrap: true, card: 'figure',
      cell: (r) => (
        <Stack direction="row" spacing={0.5} justifyContent="flex-end">
          <Tooltip title={t('alertEdit')}>
            <IconButton size="small" onClick={() => setEditing(r)} aria-label={`${t('alertEdit')}: ${r.name}`} data-testid="rule-edit">
              <EditOutlinedIcon fontSize="small" />
            </IconButton>
          </Tooltip>
          <Tooltip title={t('alertDeliveries')}>
            <IconButton size="small" onClick={() => setDeliveriesOf(r)} aria-label={`${t('alertDeliveries')}: ${r.name}`} data-testid="rule-deliveries">
              <HistoryIcon fontSize="small" />
            </IconButton>
          </Tooltip>
          <Tooltip title={t('alertDelete')}>
            <IconButton size="small" onClick={() => setDeleting(r)} aria-label={`${t('alertDelete')}: ${r.name}`} data-testid="rule-delete">
              <DeleteOutlineIcon fontSize="small" />
            </IconButton>
          </Tooltip>
        </Stack>
      ),
    },
  ];
  const items = rules.data?.items ?? [];
  const newRule = (
    <Button variant="contained" size="small" startIcon={<AddIcon />} onClick={() => setEditing('new')} data-testid="rule-new">
      {t('alertNewRule')}
    </Button>
  );

  return (
    <>
      <ListFrame<AlertRule> title={t('alertRules')} testId="alert-rules" actions={newRule}
        columns={columns} rows={items} rowKey={(r) => r.id} rowTestId="rule-row" rowData={(r) => ({ 'data-rule-id': r.id, 'data-name': r.name })}
        paging={{ page: 0, pageSize: 100, total: items.length, onPageChange: () => undefined }}
        loading={rules.initialLoading} reloading={rules.reloading}
        error={rules.error ? { message: t('loadFailed', { what: t('alertRules'), detail: errorDetail(rules.error, t) }), onRetry: rules.retry } : null}
        empty={{ title: t('alertNoRules'), hint: t('alertNoRulesHint') }} />
      {editing && (
        <RuleDialog rule={editing === 'new' ? undefined : editing} projects={projects} onClose={() => setEditing(null)}
          onSaved={(saved, created) => {
            setEditing(null);
            rules.retry();
            if (created && saved.webhookUrl && saved.webhookSecret) setCreatedSecret(saved.webhookSecret);
            else notify(t(created ? 'alertCreated' : 'alertSaved'));
          }} />
      )}
      {deliveriesOf && <DeliveriesDialog rule={deliveriesOf} onClose={() => setDeliveriesOf(null)} />}
      <Dialog open={deleting !== null} onClose={() => setDeleting(null)} data-testid="rule-delete-dialog">
        <DialogTitle>{t('alertDeleteTitle')}</DialogTitle>
        <DialogContent>
          <DialogContentText>{deleting && t('alertDeleteConfirm', { name: deleting.name })}</DialogContentText>
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setDeleting(null)}>{t('cancel')}</Button>
          <Button color="error" variant="contained" onClick={() => deleting && void remove(deleting)} data-testid="rule-delete-confirm">
            {t('alertDelete')}
          </Button>
        </DialogActions>
      </Dialog>
      <Dialog open={createdSecret !== null} onClose={() => setCreatedSecret(null)} fullWidth maxWidth="sm" data-testid="rule-created-dialog">
        <DialogTitle>{t('alertCreated')}</DialogTitle>
        <DialogContent>
          <DialogContentText sx={{ mb: 2 }}>{t('alertCreatedSecret')}</DialogContentText>
          {createdSecret && <WebhookSecret secret={createdSecret} shown />}
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setCreatedSecret(null)}>{t('close')}</Button>
        </DialogActions>
      </Dialog>
    </>
  );
}
