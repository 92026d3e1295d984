import PersonIcon from '@mui/icons-material/Person';
import { Box, Button, Card, CardContent, List, ListItemButton, ListItemIcon, ListItemText, Skeleton, Typography } from '@mui/material';
import { useNavigate } from 'react-router';
import { authApi } from '../../shared/api/usage';
import { useApi } from '../../shared/api/useApi';
import { useI18n } from '../../shared/i18n/I18n';
import { useDocumentTitle } from '../../shared/ui/documentTitle';
import { useFeedback } from '../../shared/ui/Feedback';
import { SectionError } from '../../shared/ui/SectionError';

/** Demo: pick one of the demo users. Production: the organisation's sign-in (OIDC code flow). */
export function SignInPage() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const { report } = useFeedback();
  const config = useApi(() => authApi.config(), [], {});
  useDocumentTitle(t('signIn'));
  const signIn = async (userDid: string) => {
    try {
      await authApi.demoSignIn(userDid);
      navigate('/usage/dashboard');
    } catch (e) {
      report(e, t('signInTitle'), () => signIn(userDid));
    }
  };
  return (
    <Box sx={{ maxWidth: 440, mx: 'auto', mt: { xs: 4, sm: 10 } }}>
      <Card variant="outlined" data-testid="sign-in">
        <CardContent>
          <Typography variant="h5" component="h1" sx={{ mb: 2 }}>{t('signInTitle')}</Typography>
          {config.initialLoading ? <Skeleton height={160} /> : config.error ? (
            <SectionError what={t('signInTitle')} error={config.error} onRetry={config.retry} />
          ) : config.data?.mode === 'demo' ? (
            <>
              <Typography color="text.secondary">{t('signInDemo')}</Typography>
              <List>
                {config.data.demoUsers.map((u) => (
                  <ListItemButton key={u} onClick={() => signIn(u)} data-testid="demo-user" data-user={u}>
                    <ListItemIcon><PersonIcon /></ListItemIcon>
                    <ListItemText primary={u} />
                  </ListItemButton>
                ))}
              </List>
            </>
          ) : (
            <Button variant="contained" fullWidth href="/auth/login">{t('signInOidc')}</Button>
          )}
        </CardContent>
      </Card>
    </Box>
  );
}
