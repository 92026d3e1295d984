// A server export (text/csv, streamed) read chunk by chunk, so the button can count the rows that
// have arrived against the X-Total-Count the server sent first; the file is saved once complete.
import { ApiError, send, type Query } from './client';

export type ExportProgress = { rows: number; total: number | null };

export async function downloadExport(path: string, query: Query, onProgress: (p: ExportProgress) => void,
  signal?: AbortSignal): Promise<{ blob: Blob; filename: string; rows: number }> {
  const response = await send(path, { query, signal, headers: { Accept: 'text/csv' } });
  if (!response.body) throw new ApiError(response.status, 'the export has no body');
  const totalHeader = response.headers.get('X-Total-Count');
  const total = totalHeader !== null && /^\d+$/.test(totalHeader) ? Number(totalHeader) : null;
  const filename = /filename="([^"]+)"/.exec(response.headers.get('Content-Disposition') ?? '')?.[1] ?? 'export.csv';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  const counter = recordCounter();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    // the first record is the header
    onProgress({ rows: Math.max(0, counter(value) - 1), total });
  }
  const rows = Math.max(0, counter(new Uint8Array()) - 1);
  if (total !== null && rows !== total) throw new ApiError(502, `the export ended after ${rows} of ${total} rows`);
  return { blob: new Blob(chunks as BlobPart[], { type: 'text/csv;charset=utf-8' }), filename, rows };
}

/** Counts CSV records across chunks: line ends outside quotes (a quoted field may hold line breaks). */
export function recordCounter(): (chunk: Uint8Array) => number {
  let records = 0;
  let quoted = false;
  return (chunk) => {
    for (let i = 0; i < chunk.length; i++) {
      if (chunk[i] === 34) quoted = !quoted;
      else if (chunk[i] === 10 && !quoted) records++;
    }
    return records;
  };
}
