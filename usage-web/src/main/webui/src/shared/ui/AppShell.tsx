import TranslateIcon from '@mui/icons-material/Translate';
import { AppBar, Box, Button, Container, Toolbar, Typography, useMediaQuery, useTheme } from '@mui/material';
import type { ReactNode } from 'react';
import { Link as RouterLink } from 'react-router';
import { useI18n } from '../i18n/I18n';

/** Header (title, user, `actions` such as the alerts bell, language switch, sign out) and the page body. */
export function AppShell({ userDid, onSignOut, actions, children }: {
  userDid?: string; onSignOut?: () => void; actions?: ReactNode; children: ReactNode;
}) {
  const { t, lang, setLang } = useI18n();
  const theme = useTheme();
  const mobile = useMediaQuery(theme.breakpoints.down('sm'));
  return (
    <Box sx={{ minHeight: '100vh', bgcolor: 'grey.50' }}>
      <AppBar position="static" color="inherit" elevation={0} sx={{ borderBottom: 1, borderColor: 'divider' }}>
        <Toolbar sx={{ gap: 1 }}>
          <Typography variant="h6" component={RouterLink} to="/usage/dashboard" sx={{ flexGrow: 1, color: 'inherit', textDecoration: 'none' }} noWrap>
            {t('appTitle')}
          </Typography>
          {userDid && !mobile && <Typography variant="body2" color="text.secondary" data-testid="signed-in-user">{userDid}</Typography>}
          {actions}
          <Button size="small" startIcon={<TranslateIcon />} onClick={() => setLang(lang === 'en' ? 'zh' : 'en')}
            aria-label={t('language')} data-testid="lang-switch">
            {lang === 'en' ? '中文' : 'English'}
          </Button>
          {onSignOut && <Button size="small" onClick={onSignOut} data-testid="sign-out">{t('signOut')}</Button>}
        </Toolbar>
      </AppBar>
      <Container maxWidth="xl" sx={{ py: { xs: 2, sm: 3 }, px: { xs: 1.5, sm: 3 } }}>{children}</Container>
    </Box>
  );
}
