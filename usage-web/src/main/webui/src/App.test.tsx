import { screen, render, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { App } from './App';
import { fakeGateway } from './shared/testing/render';

afterEach(() => {
  vi.unstubAllGlobals();
  window.history.pushState({}, '', '/');
});

function openAt(path: string, answer: (url: URL) => unknown = () => ({})) {
  fakeGateway((url) => (url.pathname === '/auth/session' ? { userDid: 'did:abt:demo-alice', mode: 'demo' } : answer(url)));
  window.history.pushState({}, '', path);
  return render(<App />);
}

describe('App', () => {
  it('shows "page not found" (not "project not found") for an address that is no page, and names the tab', async () => {
    openAt('/usage/anything');
    expect(await screen.findByTestId('not-found')).toHaveTextContent('Page not found');
    expect(screen.getByTestId('not-found')).not.toHaveTextContent('Project');
    await waitFor(() => expect(document.title).toBe('Page not found · AIGNE Hub Usage'));
  });

  it('keeps "project not found" for a project the API does not know for this user', async () => {
    openAt('/usage/projects/did%3Aapp%3Anobody', () => new Response(JSON.stringify({ status: 404, detail: 'no calls' }), { status: 404 }));
    expect(await screen.findByTestId('not-found', {}, { timeout: 5000 })).toHaveTextContent('Project not found');
  });

  it('names the tab after the project on its page', async () => {
    openAt('/usage/projects/did%3Aapp%3Aalice-chatbot', () => new Response('{}', { status: 503 }));
    await waitFor(() => expect(document.title).toBe('did:app:alice-chatbot · AIGNE Hub Usage'), { timeout: 5000 });
  });

  it('asks for the page\'s first figures together with the session check, and the page takes those answers', async () => {
    let sessionAnswered = false;
    const calls = fakeGateway((url) => {
      if (url.pathname === '/auth/session') {
        return new Promise((resolve) => setTimeout(() => {
          sessionAnswered = true;
          resolve(new Response(JSON.stringify({ userDid: 'did:abt:demo-alice', mode: 'demo' }), { status: 200 }));
        }, 300));
      }
      return url.pathname.endsWith('/models') ? { modelDistribution: [] } : {};
    });
    const before = () => calls.filter((u) => !sessionAnswered && u.pathname.startsWith('/api/usage/projects/')).map((u) => u.pathname);
    window.history.pushState({}, '', '/usage/projects/did%3Aapp%3Ax?range=7d');
    render(<App />);
    const early = before();
    // (the page itself may start too: it renders as soon as its code is here, without waiting for the session)
    expect(early).toEqual(expect.arrayContaining(['/api/usage/projects/did%3Aapp%3Ax/models', '/api/usage/projects/did%3Aapp%3Ax/stats',
      '/api/usage/projects/did%3Aapp%3Ax/trends']));
    await screen.findByTestId('project-page', {}, { timeout: 5000 });
    await waitFor(() => expect(calls.some((u) => u.pathname.endsWith('/calls'))).toBe(true), { timeout: 5000 });
    // the page did not ask again for what App had asked (/models is asked once more by the call list's slow-call figures)
    for (const path of early.filter((p) => !p.endsWith('/models'))) expect(calls.filter((u) => u.pathname === path)).toHaveLength(1);
  });

  it('has a favicon the build serves at /favicon.ico (Vite copies public/ to the output root)', async () => {
    // Node's fs (the tests run in Node; the project has no @types/node), from the web module, vite.config.ts's root
    const fsModule = 'node:fs';
    const fs = (await import(/* @vite-ignore */ fsModule)) as { readFileSync: (path: string, encoding?: 'utf8') => Uint8Array & string };
    const ico = new DataView(Uint8Array.from(fs.readFileSync('public/favicon.ico')).buffer);
    // an ICO header: reserved 0, type 1 (icon), at least one image
    expect([ico.getUint16(0, true), ico.getUint16(2, true)]).toEqual([0, 1]);
    expect(ico.getUint16(4, true)).toBeGreaterThan(0);
    const html = fs.readFileSync('index.html', 'utf8');
    expect(html).toContain('<link rel="icon" href="/favicon.ico"');
  });
});
