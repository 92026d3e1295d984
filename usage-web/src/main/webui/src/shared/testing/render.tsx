import { render } from '@testing-library/react';
import type { ReactNode } from 'react';
import { MemoryRouter, useLocation } from 'react-router';
import { vi } from 'vitest';
import { FeedbackProvider } from '../ui/Feedback';
import { I18nProvider } from '../i18n/I18n';
import type { Lang } from '../lib/format';

export function renderPage(ui: ReactNode, { lang = 'en', path = '/' }: { lang?: Lang; path?: string } = {}) {
  return render(
    <I18nProvider lang={lang}>
      <MemoryRouter initialEntries={[path]}>
        <FeedbackProvider>{ui}</FeedbackProvider>
      </MemoryRouter>
    </I18nProvider>,
  );
}

/** A fetch that answers by path and records every URL it was asked for. */
export function fakeGateway(answer: (url: URL) => unknown) {
  const calls: URL[] = [];
  const fetch = vi.fn(async (input: RequestInfo | URL) => {
    const url = new URL(String(input), 'http://localhost');
    calls.push(url);
    const body = await answer(url);
    if (body instanceof Response) return body;
    return new Response(JSON.stringify(body), { status: 200, headers: { 'Content-Type': 'application/json' } });
  });
  vi.stubGlobal('fetch', fetch);
  return calls;
}

/** Shows the router's query string, for tests of state kept in the address. */
export function LocationProbe() {
  const location = useLocation();
  return <output data-testid="location">{location.search}</output>;
}
