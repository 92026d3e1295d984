import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderPage } from '../../shared/testing/render';
import { fakeAlertsGateway, problem, rule } from './alertsTesting';
import { RuleDialog } from './RuleDialog';

afterEach(() => vi.unstubAllGlobals());

const projects = [{ appDid: 'did:app:alice-chatbot', name: 'Chatbot' }, { appDid: 'did:app:alice-agents', name: null }];

async function pickKind(label: string) {
  await userEvent.click(screen.getByTestId('rule-kind'));
  await userEvent.click(await screen.findByRole('option', { name: label }));
}

function helperOf(testId: string) {
  const input = screen.getByTestId(testId);
  const id = input.getAttribute('aria-describedby');
  return id ? document.getElementById(id)?.textContent ?? '' : '';
}

describe('RuleDialog', () => {
  it('shows the fields of each kind', async () => {
    fakeAlertsGateway(() => ({}));
    renderPage(<RuleDialog projects={projects} onClose={() => undefined} onSaved={() => undefined} />);
    // errorRate (the default): window and minimum calls, a scope; no budget fields
    expect(screen.getByLabelText('Error rate above (%)')).toHaveValue(5);
    expect(screen.getByTestId('rule-windowHours')).toHaveValue(1);
    expect(screen.getByTestId('rule-minCalls')).toHaveValue(20);
    expect(screen.getByTestId('rule-scope')).toBeInTheDocument();
    expect(screen.queryByTestId('rule-notifyAt')).toBeNull();

    await pickKind('P95 latency');
    expect(screen.getByLabelText('P95 latency above (ms)')).toHaveValue(2000);
    expect(screen.getByTestId('rule-windowHours')).toBeInTheDocument();

    await pickKind('Budget');
    expect(screen.getByLabelText('Budget (credits)')).toBeInTheDocument();
    expect(screen.queryByTestId('rule-windowHours')).toBeNull();
    expect(screen.getByTestId('rule-period')).toHaveTextContent('Month');
    expect(screen.getAllByTestId('rule-notifyAt-chip').map((c) => c.textContent)).toEqual(['50%', '80%', '100%']);

    await pickKind('Credits low');
    expect(screen.getByLabelText('Remaining credits below')).toHaveValue(100);
    expect(screen.queryByTestId('rule-scope')).toBeNull();
    expect(screen.getByTestId('rule-scope-credits')).toBeInTheDocument();
    expect(screen.queryByTestId('rule-notifyAt')).toBeNull();

    await pickKind('Days of credits low');
    expect(screen.getByLabelText('Estimated days of credits below')).toHaveValue(7);
  });

  it('creates an errorRate rule for a project with exactly the fields of its kind', async () => {
    const seen = fakeAlertsGateway((method) => (method === 'POST' ? rule({ id: 'new-id' }) : {}));
    const onSaved = vi.fn();
    renderPage(<RuleDialog projects={projects} onClose={() => undefined} onSaved={onSaved} />);
    await userEvent.type(screen.getByTestId('rule-name'), 'chatbot errors');
    await userEvent.click(within(screen.getByTestId('rule-scope-project')).getByRole('radio'));
    await userEvent.click(screen.getByTestId('rule-appDid'));
    await userEvent.click(await screen.findByRole('option', { name: 'Chatbot (did:app:alice-chatbot)' }));
    await userEvent.clear(screen.getByTestId('rule-threshold'));
    await userEvent.type(screen.getByTestId('rule-threshold'), '7.5');
    await userEvent.type(screen.getByTestId('rule-webhookUrl'), 'https://hooks.example.com/aigne');
    await userEvent.click(screen.getByTestId('rule-save'));
    await waitFor(() => expect(onSaved).toHaveBeenCalledWith(expect.objectContaining({ id: 'new-id' }), true));
    const post = seen.find((s) => s.method === 'POST')!;
    expect(post.url.pathname).toBe('/api/usage/alerts/rules');
    expect(post.body).toEqual({
      name: 'chatbot errors', kind: 'errorRate', enabled: true, appDid: 'did:app:alice-chatbot', modelId: null, threshold: 7.5,
      windowHours: 1, minCalls: 20, period: null, notifyAt: null, cooldownMinutes: 10, webhookUrl: 'https://hooks.example.com/aigne',
    });
  });

  it('edits a budget: period and the percentages to notify at', async () => {
    const budget = rule({ kind: 'budget', appDid: null, threshold: 1000, windowHours: null, minCalls: null, period: 'month', notifyAt: [50, 80, 100], webhookUrl: null });
    const seen = fakeAlertsGateway((method) => (method === 'PUT' ? budget : {}));
    const onSaved = vi.fn();
    renderPage(<RuleDialog rule={budget} projects={projects} onClose={() => undefined} onSaved={onSaved} />);
    await userEvent.click(screen.getByTestId('rule-period'));
    await userEvent.click(await screen.findByRole('option', { name: 'Day' }));
    const chips = screen.getAllByTestId('rule-notifyAt-chip');
    await userEvent.click(within(chips[0]).getByTestId('CancelIcon'));
    await userEvent.type(screen.getByTestId('rule-notifyAt-input'), '90{Enter}');
    expect(screen.getAllByTestId('rule-notifyAt-chip').map((c) => c.textContent)).toEqual(['80%', '90%', '100%']);
    await userEvent.click(screen.getByTestId('rule-save'));
    await waitFor(() => expect(onSaved).toHaveBeenCalledWith(budget, false));
    const put = seen.find((s) => s.method === 'PUT')!;
    expect(put.url.pathname).toBe(`/api/usage/alerts/rules/${budget.id}`);
    expect(put.body).toMatchObject({ kind: 'budget', period: 'day', notifyAt: [80, 90, 100], windowHours: null, minCalls: null, appDid: null });
  });

  it('shows its own checks at the field and sends nothing until they pass', async () => {
    const seen = fakeAlertsGateway(() => ({}));
    renderPage(<RuleDialog projects={projects} onClose={() => undefined} onSaved={() => undefined} />);
    await userEvent.clear(screen.getByTestId('rule-threshold'));
    await userEvent.type(screen.getByTestId('rule-threshold'), '150');
    await userEvent.click(screen.getByTestId('rule-save'));
    expect(helperOf('rule-name')).toBe('Required');
    expect(helperOf('rule-threshold')).toBe('Between 0 and 100');
    expect(screen.getByTestId('rule-save')).toBeDisabled();
    expect(seen.filter((s) => s.method !== 'GET')).toEqual([]);
  });

  it("shows the service's 400 at the field it names, to be corrected there", async () => {
    fakeAlertsGateway((method) => (method === 'POST'
      ? problem(400, 'webhookUrl cannot be used: 10.0.0.5 is a private address.')
      : {}));
    const onSaved = vi.fn();
    renderPage(<RuleDialog projects={projects} onClose={() => undefined} onSaved={onSaved} />);
    await userEvent.type(screen.getByTestId('rule-name'), 'errors');
    await userEvent.type(screen.getByTestId('rule-webhookUrl'), 'http://10.0.0.5/hook');
    await userEvent.click(screen.getByTestId('rule-save'));
    await waitFor(() => expect(helperOf('rule-webhookUrl')).toBe('webhookUrl cannot be used: 10.0.0.5 is a private address.'));
    expect(screen.getByTestId('rule-webhookUrl')).toHaveAttribute('aria-invalid', 'true');
    expect(screen.queryByTestId('rule-refused')).toBeNull();
    expect(screen.queryByRole('button', { name: 'Retry' })).toBeNull();
    expect(onSaved).not.toHaveBeenCalled();
    // typing there again clears it
    await userEvent.type(screen.getByTestId('rule-webhookUrl'), 'x');
    expect(helperOf('rule-webhookUrl')).not.toContain('private');
  });

  it('shows a refusal naming no field of the form above the fields', async () => {
    fakeAlertsGateway((method) => (method === 'POST' ? problem(400, 'The request body is not JSON of the expected shape.') : {}));
    renderPage(<RuleDialog projects={projects} onClose={() => undefined} onSaved={() => undefined} />);
    await userEvent.type(screen.getByTestId('rule-name'), 'errors');
    await userEvent.click(screen.getByTestId('rule-save'));
    expect(await screen.findByTestId('rule-refused')).toHaveTextContent('The request body is not JSON of the expected shape.');
  });

  it("shows a saved rule's signing secret only when asked", async () => {
    fakeAlertsGateway(() => ({}));
    renderPage(<RuleDialog rule={rule()} projects={projects} onClose={() => undefined} onSaved={() => undefined} />);
    const secret = screen.getByTestId('rule-webhook-secret');
    expect(secret).not.toHaveValue('whsec_test');
    await userEvent.click(screen.getByTestId('rule-webhook-secret-show'));
    expect(secret).toHaveValue('whsec_test');
    expect(screen.getByTestId('rule-scope-project').querySelector('input')).toBeChecked();
  });
});
