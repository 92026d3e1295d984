import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { ApiError, NetworkError } from './client';
import { useFeedback } from '../ui/Feedback';
import { renderPage } from '../testing/render';
import { useApi } from './useApi';

function Probe({ fetcher, polling = 40 }: { fetcher: () => Promise<string>; polling?: number }) {
  const { data, initialLoading, error, pollError, retry } = useApi(fetcher, [], { pollingInterval: polling || undefined });
  const { fatal } = useFeedback();
  return (
    <div>
      <span data-testid="data">{initialLoading ? 'skeleton' : data}</span>
      <span data-testid="error">{error instanceof Error ? error.message : ''}</span>
      <span data-testid="poll-error">{pollError instanceof Error ? pollError.message : ''}</span>
      {error !== undefined && <button onClick={retry}>Section retry</button>}
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
  it('polls silently: a failed poll keeps the last answer, says so in pollError and shows no toast', async () => {
    const { fetcher, calls } = answers('first', new ApiError(503, 'busy'), 'third');
    renderPage(<Probe fetcher={fetcher} />);
    expect(screen.getByTestId('data')).toHaveTextContent('skeleton');
    await waitFor(() => expect(screen.getByTestId('data')).toHaveTextContent('first'));
    await waitFor(() => expect(calls()).toBeGreaterThanOrEqual(2));
    expect(screen.queryByRole('button', { name: 'Retry' })).toBeNull();
    expect(screen.getByTestId('data')).toHaveTextContent('first');
    expect(screen.getByTestId('error')).toHaveTextContent('');
    await waitFor(() => expect(screen.getByTestId('data')).toHaveTextContent('third'));
    expect(screen.getByTestId('poll-error')).toHaveTextContent('');
    expect(screen.queryByRole('button', { name: 'Retry' })).toBeNull();
  });

  it('does not stay silent when the session ended during polling', async () => {
    const { fetcher } = answers('first', new ApiError(401, 'Sign in first.'));
    renderPage(<Probe fetcher={fetcher} />);
    await waitFor(() => expect(screen.getByTestId('fatal')).toHaveTextContent('signIn'));
  });

  it("gives a failed first load to the section — API error or network down — not to the page", async () => {
    for (const failure of [new ApiError(500, 'boom'), new NetworkError('Failed to fetch')]) {
      const { fetcher } = answers(failure, 'later');
      const { unmount } = renderPage(<Probe fetcher={fetcher} polling={0} />);
      await waitFor(() => expect(screen.getByTestId('error')).toHaveTextContent(failure.message));
      expect(screen.getByTestId('data')).not.toHaveTextContent('skeleton');
      // no toast and no page-wide state: the section says it
      expect(screen.queryByRole('button', { name: 'Retry' })).toBeNull();
      expect(screen.getByTestId('fatal')).toHaveTextContent('');
      await userEvent.click(screen.getByRole('button', { name: 'Section retry' }));
      await waitFor(() => expect(screen.getByTestId('data')).toHaveTextContent('later'));
      expect(screen.getByTestId('error')).toHaveTextContent('');
      unmount();
    }
  });

  it('sends 403 and 404 to their pages', async () => {
    const { fetcher } = answers(new ApiError(404, 'no such project'));
    renderPage(<Probe fetcher={fetcher} />);
    await waitFor(() => expect(screen.getByTestId('fatal')).toHaveTextContent('notFound'));
  });
});
