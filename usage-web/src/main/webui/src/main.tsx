import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App, startFirstLoadOf } from './App';

// the signed-in pages' first load starts now, not after React's first render and paint
const { pathname, search } = window.location;
if (pathname.startsWith('/usage') && !pathname.startsWith('/usage/sign-in')) startFirstLoadOf(pathname, search);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
