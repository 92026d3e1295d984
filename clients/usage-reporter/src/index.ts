export {
  toUsageEvent,
  mapModelCall,
  toProjectProfile,
  MappingError,
  LIMITS,
  type HubModelCall,
  type HubProject,
  type UsageEvent,
  type ProjectProfile,
  type MappingNote,
  type CallType,
  type CallStatus,
} from './mapping.js';
export {
  IngestClient,
  IngestError,
  isRetryableStatus,
  retryAfterMs,
  MAX_BATCH,
  type IngestClientOptions,
  type TokenSource,
  type BatchResult,
  type Rejection,
  type ProjectRecord,
} from './ingest-client.js';
export {
  createUsageReporter,
  type UsageReporter,
  type UsageReporterOptions,
  type UsageReporterStats,
  type Rejected,
} from './reporter.js';
export { backoffDelay, sleep } from './backoff.js';
export { parseScaled, rescaleHalfUp, formatScaled } from './decimal.js';
export type { Logger } from './logger.js';
