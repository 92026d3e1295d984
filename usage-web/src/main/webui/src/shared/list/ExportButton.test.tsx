import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { downloadExport, recordCounter } from '../api/exportCsv';
import { renderPage } from '../testing/render';
import { ExportButton, type Exporter } from './ExportButton';

afterEach(() => vi.unstubAllGlobals());

const encoder = new TextEncoder();

/** A streamed CSV answer whose chunks the test releases one by one. */
function streamedAnswer(total: number) {
  let push: (text: string | null) => void = () => {};
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      push = (text) => (text === null ? controller.close() : controller.enqueue(encoder.encode(text)));
    },
  });
  const response = new Response(body, { status: 200, headers: {
    'Content-Type': 'text/csv', 'X-Total-Count': String(total), 'Content-Disposition': 'attachment; filename="calls-x-20261130.csv"',
  } });
  return { response, push: (text: string | null) => push(text) };
}

const rows = (from: number, n: number) => Array.from({ length: n }, (_, i) => `c${from + i},"a, ""quoted""\r\nline",1\r\n`).join('');

describe('ExportButton', () => {
  it('shows the rows received of the total while the export streams in, then saves the named file', async () => {
    const answer = streamedAnswer(25);
    vi.stubGlobal('fetch', vi.fn(async () => answer.response));
    const created = vi.fn((blob: Blob) => { void blob; return 'blob:x'; });
    vi.stubGlobal('URL', Object.assign(URL, { createObjectURL: created, revokeObjectURL: vi.fn() }));
    const exporter: Exporter = (onProgress, signal) => downloadExport('/api/usage/projects/x/calls/export', { model: ['a', 'b'] }, onProgress, signal);
    renderPage(<ExportButton exporter={exporter} testId="export" />);
    await userEvent.click(screen.getByTestId('export'));
    answer.push(`id,reason,n\r\n${rows(0, 10)}`);
    await waitFor(() => expect(screen.getByTestId('export-progress')).toHaveTextContent('Exporting… 10 of 25 rows'));
    answer.push(rows(10, 15));
    answer.push(null);
    await waitFor(() => expect(created).toHaveBeenCalledTimes(1));
    expect(await (created.mock.calls[0][0] as Blob).text()).toBe(`id,reason,n\r\n${rows(0, 25)}`);
    expect(await screen.findByText('Exported 25 rows')).toBeInTheDocument();
    expect(screen.getByTestId('export')).toBeInTheDocument();
  });

  it('reports an export that ends early instead of saving a short file', async () => {
    const answer = streamedAnswer(5);
    vi.stubGlobal('fetch', vi.fn(async () => answer.response));
    const created = vi.fn(() => 'blob:x');
    vi.stubGlobal('URL', Object.assign(URL, { createObjectURL: created, revokeObjectURL: vi.fn() }));
    renderPage(<ExportButton exporter={(p, s) => downloadExport('/x', {}, p, s)} testId="export" />);
    await userEvent.click(screen.getByTestId('export'));
    answer.push(`id,reason,n\r\n${rows(0, 3)}`);
    answer.push(null);
    expect(await screen.findByText(/ended after 3 of 5 rows/)).toBeInTheDocument();
    expect(created).not.toHaveBeenCalled();
  });

  it('counts records, not line breaks inside quoted fields, across chunk borders', () => {
    const count = recordCounter();
    expect(count(encoder.encode('a,"x\r\n'))).toBe(0);
    expect(count(encoder.encode('y",b\r\nc,d\r\n'))).toBe(2);
  });
});
