import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App, startFirstLoadOf } from './App';
import { rememberTimeZone } from './shared/api/firstAnswers';

// usage-web resolves the first answers it puts into a page in the browser's zone (firstAnswers.ts)
rememberTimeZone();

// the signed-in pages' first load starts now, not after React's first render and paint
const { pathname, search } = window.location;
const pageCode = pathname.startsWith('/usage') && !pathname.startsWith('/usage/sign-in') ? startFirstLoadOf(pathname, search) : Promise.resolve();

// The first render waits for the page's code, which arrives while these scripts are still being
// evaluated or soon after (at most FIRST_RENDER_WAIT_MS): rendered before it, the app would first draw
// its loading skeleton, a render and layout of their own that the page's first render then waited for.
const FIRST_RENDER_WAIT_MS = 300;
void Promise.race([pageCode, new Promise((resolve) => setTimeout(resolve, FIRST_RENDER_WAIT_MS))]).then(() => {
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
});
