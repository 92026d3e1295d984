import MenuBookIcon from '@mui/icons-material/MenuBook';
import RocketLaunchIcon from '@mui/icons-material/RocketLaunch';
import ScienceIcon from '@mui/icons-material/Science';
import { Box, Button, Card, CardContent, Stack, Typography } from '@mui/material';
import { useI18n } from '../../shared/i18n/I18n';

const SAMPLE = `curl https://hub.aigne.io/api/v2/chat/completions \\
  -H "Authorization: Bearer $AIGNE_HUB_API_KEY" \\
  -H "Content-Type: application/json" \\
  -d '{"model": "openai/gpt-4o-mini",
       "messages": [{"role": "user", "content": "Hello!"}]}'`;

/** No calls at all yet: a guide with quick-start links and a first call to copy. */
export function EmptyState() {
  const { t } = useI18n();
  return (
    <Card variant="outlined" data-testid="empty-state">
      <CardContent sx={{ textAlign: 'center', py: 5 }}>
        <RocketLaunchIcon color="primary" sx={{ fontSize: 48 }} />
        <Typography variant="h5" component="h2" sx={{ mt: 1 }}>{t('emptyTitle')}</Typography>
        <Typography color="text.secondary" sx={{ mt: 1 }}>{t('emptyBody')}</Typography>
        <Stack direction="row" spacing={2} justifyContent="center" sx={{ mt: 3 }}>
          <Button variant="contained" startIcon={<MenuBookIcon />} href="https://www.arcblock.io/docs/aigne-hub" target="_blank" rel="noreferrer">
            {t('apiDocs')}
          </Button>
          <Button variant="outlined" startIcon={<ScienceIcon />} href="https://hub.aigne.io/playground" target="_blank" rel="noreferrer">
            {t('playground')}
          </Button>
        </Stack>
        <Box component="pre" data-testid="code-sample" sx={{
          mt: 3, mx: 'auto', maxWidth: 640, textAlign: 'left', p: 2, borderRadius: 1, bgcolor: 'grey.900', color: 'grey.100',
          fontSize: 13, overflowX: 'auto',
        }}>
          {SAMPLE}
        </Box>
      </CardContent>
    </Card>
  );
}
