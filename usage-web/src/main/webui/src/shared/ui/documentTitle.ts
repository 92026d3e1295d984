import { useEffect } from 'react';
import { useI18n } from '../i18n/I18n';

/** The browser tab's title for a page: "Dashboard · AIGNE Hub Usage" (in the page's language). */
export function useDocumentTitle(page: string | undefined) {
  const { t } = useI18n();
  const title = page ? `${page} · ${t('appTitle')}` : t('appTitle');
  useEffect(() => { document.title = title; }, [title]);
}
