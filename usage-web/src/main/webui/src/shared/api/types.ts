// Names for the generated OpenAPI types the pages use. The services' JSON has null where the
// contract says so (rates and latencies without calls), and the documents mark those fields
// nullable, so the generated types say `number | null`.
import type { components as Query } from './generated/usage-query';
import type { components as Quota } from './generated/quota-gateway';

export type Overview = Query['schemas']['Overview'];
export type ProjectList = Query['schemas']['ProjectList'];
export type ProjectSummary = Query['schemas']['ProjectSummary'];
export type Trends = Query['schemas']['Trends'];
export type TrendPoint = Query['schemas']['TrendPoint'];
export type ProjectStats = Query['schemas']['ProjectStats'];
export type ModelDistribution = Query['schemas']['ModelDistribution'];
export type ModelShare = Query['schemas']['ModelShare'];
export type CallList = Query['schemas']['CallList'];
export type CallItem = Query['schemas']['Item'];
export type Coverage = Query['schemas']['Coverage'];
export type Forecast = Query['schemas']['Forecast'];

export type QuotaAnswer = Quota['schemas']['Quota'];
export type TransactionPage = Quota['schemas']['TransactionPage'];
export type CreditTransaction = Quota['schemas']['CreditTransaction'];
export type AutoRecharge = Quota['schemas']['AutoRecharge'];

export type Granularity = 'hour' | 'day';
export type CallStatus = 'success' | 'failed' | 'processing';
export type TransactionType = 'grant' | 'consumption' | 'adjustment' | 'expiration';
