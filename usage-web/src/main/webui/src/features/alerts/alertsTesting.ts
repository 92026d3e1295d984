// Test support for the alerts' tests (imported by tests only): a fake gateway that sees methods and
// bodies, and a few answers of the alerts service.
import { vi } from 'vitest';
import type { AlertNotification, AlertRule } from '../../shared/api/alerts';

export type Seen = { method: string; url: URL; body?: unknown };

/** A fetch answering by method and URL (a thrown error is the network failing); records every request. */
export function fakeAlertsGateway(answer: (method: string, url: URL, body: unknown) => unknown) {
  const seen: Seen[] = [];
  vi.stubGlobal('fetch', vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(String(input), 'http://localhost');
    const method = init?.method ?? 'GET';
    const body = typeof init?.body === 'string' ? JSON.parse(init.body) : undefined;
    seen.push({ method, url, body });
    const out = await answer(method, url, body);
    if (out instanceof Response) return out;
    if (out === undefined) return new Response(null, { status: 204 });
    return new Response(JSON.stringify(out), { status: 200, headers: { 'Content-Type': 'application/json' } });
  }));
  return seen;
}

export function problem(status: number, detail: string) {
  return new Response(JSON.stringify({ type: 'about:blank', title: 'Bad Request', status, detail }),
    { status, headers: { 'Content-Type': 'application/problem+json' } });
}

const now = () => Math.floor(Date.now() / 1000);

export function notification(over: Partial<AlertNotification> = {}): AlertNotification {
  return {
    id: 42, ruleId: '9b1c4a52-3a0e-4d0c-9a51-6f1e0c2a7d11', ruleName: 'chatbot errors', kind: 'errorRate', event: 'opened',
    at: now() - 300, read: false, episodeId: 7, value: 7.5, threshold: 5, notifyAt: null, appDid: 'did:app:alice-chatbot', modelId: null,
    message: 'Error rate 7.5 % over the last 1 h (120 calls) is above 5 %', ...over,
  };
}

export function rule(over: Partial<AlertRule> = {}): AlertRule {
  return {
    id: '9b1c4a52-3a0e-4d0c-9a51-6f1e0c2a7d11', name: 'chatbot errors', kind: 'errorRate', enabled: true,
    appDid: 'did:app:alice-chatbot', modelId: null, threshold: 5, windowHours: 1, minCalls: 20, period: null, notifyAt: null,
    cooldownMinutes: 10, webhookUrl: 'https://hooks.example.com/aigne', webhookSecret: 'whsec_test', createdAt: now() - 86_400,
    updatedAt: now() - 86_400, state: 'firing', ...over,
  };
}
