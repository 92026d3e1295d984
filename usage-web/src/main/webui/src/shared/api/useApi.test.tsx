import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ApiError } from './client';
import { useFeedback } from '../ui/Feedback';
import { renderPage } from '../testing/render';
import { useApi } from './useApi';

function Probe({ fetcher }: { fetcher: () => Promise<string> }) {
  const { data, initialLoading } = useApi(fetcher, [], { what: 'thing', pollingInterval: 40 });
  const { fatal } = useFeedback();
  return (
    <div>
      <span data-testid="data">{initialLoading ? 'skeleton' : data}</span>
      <span data-testid="fatal">{fatal ?? ''}</span>
    </div>
  );
}

/** Answers in turn: a string is an answer, an Error is thrown. */
function answers(...script: (string | Error)[]) {
  let n = 0;
  const fetcher = async () => {
    const next = script[Math.min(n, script.length - 1)];
    n += 1;
    if (next instanceof Error) throw next;
    return next;
  };
  return { fetcher, calls: () => n };
}

describe('useApi', () => {
  it('polls silently: a failed poll keeps the last answer and shows no toast', async () => {
    const { fetcher, calls } = answers('first', new ApiError(503, 'busy'), 'third');
    renderPage(<Probe fetcher={fetcher} />);
    expect(screen.getByTestId('data')).toHaveTextContent('skeleton');
    await waitFor(() => expect(screen.getByTestId('data')).toHaveTextContent('first'));
    await waitFor(() => expect(calls()).toBeGreaterThanOrEqual(2));
    expect(screen.queryByRole('button', { name: 'Retry' })).toBeNull();
    expect(screen.getByTestId('data')).toHaveTextContent('first');
    await waitFor(() => expect(screen.getByTestId('data')).toHaveTextContent('third'));
    expect(screen.queryByRole('button', { name: 'Retry' })).toBeNull();
  });

  it('does not stay silent when the session ended during polling', async () => {
    const { fetcher } = answers('first', new ApiError(401, 'Sign in first.'));
    renderPage(<Probe fetcher={fetcher} />);
    await waitFor(() => expect(screen.getByTestId('fatal')).toHaveTextContent('signIn'));
  });

  it('reports a failed first load with Retry', async () => {
    const { fetcher } = answers(new ApiError(500, 'boom'), 'later');
    renderPage(<Probe fetcher={fetcher} />);
    expect(await screen.findByRole('button', { name: 'Retry' })).toBeInTheDocument();
  });
});
