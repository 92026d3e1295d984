import ContentCopyIcon from '@mui/icons-material/ContentCopy';
import VisibilityIcon from '@mui/icons-material/Visibility';
import VisibilityOffIcon from '@mui/icons-material/VisibilityOff';
import { IconButton, InputAdornment, TextField, Tooltip } from '@mui/material';
import { useState } from 'react';
import { useI18n } from '../../shared/i18n/I18n';

/** A rule's webhook signing secret: hidden until asked for, with Copy. */
export function WebhookSecret({ secret, shown = false }: { secret: string; shown?: boolean }) {
  const { t } = useI18n();
  const [visible, setVisible] = useState(shown);
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(secret);
      setCopied(true);
      setTimeout(() => setCopied(false), 2000);
    } catch {
      // no clipboard (an insecure context): the secret can still be shown and selected
      setVisible(true);
    }
  };
  return (
    <TextField size="small" fullWidth label={t('alertWebhookSecret')} value={visible ? secret : '•'.repeat(24)}
      helperText={t('alertWebhookSecretHint')}
      slotProps={{
        htmlInput: { readOnly: true, 'data-testid': 'rule-webhook-secret', style: { fontFamily: 'monospace' } },
        input: {
          endAdornment: (
            <InputAdornment position="end">
              <Tooltip title={visible ? t('alertHideSecret') : t('alertShowSecret')}>
                <IconButton size="small" onClick={() => setVisible((v) => !v)} aria-label={visible ? t('alertHideSecret') : t('alertShowSecret')}
                  data-testid="rule-webhook-secret-show">
                  {visible ? <VisibilityOffIcon fontSize="small" /> : <VisibilityIcon fontSize="small" />}
                </IconButton>
              </Tooltip>
              <Tooltip title={copied ? t('alertCopied') : t('alertCopy')}>
                <IconButton size="small" onClick={copy} aria-label={t('alertCopy')} data-testid="rule-webhook-secret-copy">
                  <ContentCopyIcon fontSize="small" />
                </IconButton>
              </Tooltip>
            </InputAdornment>
          ),
        },
      }} />
  );
}
