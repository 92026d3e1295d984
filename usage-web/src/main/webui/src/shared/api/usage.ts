// One function per gateway endpoint (docs/product-spec.md §4), typed from the generated OpenAPI types.
import { apiFetch } from './client';
import { downloadExport, type ExportProgress } from './exportCsv';
import type {
  AutoRecharge, CallList, Forecast, Granularity, ModelDistribution, Overview, ProjectList, ProjectStats, QuotaAnswer,
  TransactionPage, Trends,
} from './types';

export type Range = { startTime: number; endTime: number };

/** The call list's filters (docs/api.md "The call list"); empty ones are left out of the query. */
export type CallFilters = {
  model?: string[]; status?: string; type?: string; minDuration?: string; charged?: 'true'; search?: string; sort: string;
};

const base = '/api/usage';
const enc = encodeURIComponent;

export const usageApi = {
  quota: () => apiFetch<QuotaAnswer>(`${base}/quota`),
  quotaDetails: (q: { page: number; pageSize: number; type?: string }) =>
    apiFetch<TransactionPage>(`${base}/quota-details`, { query: q }),
  autoRecharge: () => apiFetch<AutoRecharge>(`${base}/quota/auto-recharge`),
  saveAutoRecharge: (body: AutoRecharge) =>
    apiFetch<AutoRecharge>(`${base}/quota/auto-recharge`, {
      method: 'PUT', body: JSON.stringify(body), headers: { 'Content-Type': 'application/json' },
    }),
  overview: (r: Range) => apiFetch<Overview>(`${base}/overview`, { query: { ...r, compare: 'previous' } }),
  hasCalls: () => apiFetch<Overview>(`${base}/overview`, { query: { timeRange: 366 } }),
  forecast: () => apiFetch<Forecast>(`${base}/forecast`),
  projects: (q: Range & { sort: string; q?: string; page: number; pageSize: number }) =>
    apiFetch<ProjectList>(`${base}/projects`, { query: q }),
  trends: (r: Range & { granularity: Granularity; tz: string }) => apiFetch<Trends>(`${base}/trends`, { query: r }),
  projectStats: (appDid: string, r: Range) =>
    apiFetch<ProjectStats>(`${base}/projects/${enc(appDid)}/stats`, { query: { ...r, compare: 'previous' } }),
  projectTrends: (appDid: string, r: Range & { granularity: Granularity; tz: string }) =>
    apiFetch<Trends>(`${base}/projects/${enc(appDid)}/trends`, { query: r }),
  projectModels: (appDid: string, r: Range) =>
    apiFetch<ModelDistribution>(`${base}/projects/${enc(appDid)}/models`, { query: r }),
  projectCalls: (appDid: string, q: Range & CallFilters & { page: number; pageSize: number }) =>
    apiFetch<CallList>(`${base}/projects/${enc(appDid)}/calls`, { query: q }),
  exportProjectCalls: (appDid: string, q: Range & CallFilters, onProgress: (p: ExportProgress) => void, signal: AbortSignal) =>
    downloadExport(`${base}/projects/${enc(appDid)}/calls/export`, q, onProgress, signal),
  exportProjects: (q: Range & { sort: string; q?: string }, onProgress: (p: ExportProgress) => void, signal: AbortSignal) =>
    downloadExport(`${base}/projects/export`, q, onProgress, signal),
};

export type SessionInfo = { userDid: string; mode: 'demo' | 'oidc' };
export type AuthConfig = { mode: 'demo' | 'oidc'; demoUsers: string[] };

export const authApi = {
  config: () => apiFetch<AuthConfig>('/auth/config'),
  session: () => apiFetch<SessionInfo>('/auth/session'),
  demoSignIn: (userDid: string) =>
    apiFetch<SessionInfo>('/auth/demo', {
      method: 'POST', body: JSON.stringify({ userDid }), headers: { 'Content-Type': 'application/json' },
    }),
  logout: () => apiFetch<{ next: string }>('/auth/logout', { method: 'POST' }),
};
