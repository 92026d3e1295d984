import { describe, expect, it } from 'vitest';
import { bodyOf, emptyForm, fieldOfProblem, formOf, validateRule } from './ruleForm';
import { rule } from './alertsTesting';

describe('ruleForm', () => {
  it('finds the field a refusal of the service starts with', () => {
    expect(fieldOfProblem('threshold must be a percentage between 0 and 100 for errorRate rules.')).toBe('threshold');
    expect(fieldOfProblem('notifyAt must be a list of 1-5 distinct whole percentages between 1 and 1000.')).toBe('notifyAt');
    expect(fieldOfProblem('The request body is not JSON of the expected shape.')).toBeUndefined();
    expect(fieldOfProblem('anything', { field: 'modelId' })).toBe('modelId');
  });

  it('sends null for what the kind does not use, and the scope it names', () => {
    const credits = bodyOf({ ...emptyForm(), name: ' low ', kind: 'creditsBelow', threshold: '100', scope: 'model', appDid: 'did:app:x', modelId: 'm' });
    expect(credits).toEqual({
      name: 'low', kind: 'creditsBelow', enabled: true, appDid: null, modelId: null, threshold: 100, windowHours: null, minCalls: null,
      period: null, notifyAt: null, cooldownMinutes: 10, webhookUrl: null,
    });
    const project = bodyOf({ ...emptyForm(), name: 'x', scope: 'project', appDid: 'did:app:x', modelId: 'left over' });
    expect(project).toMatchObject({ appDid: 'did:app:x', modelId: null, windowHours: 1, minCalls: 20 });
  });

  it('reads a rule back into the form unchanged', () => {
    const r = rule({ modelId: 'gpt-4o' });
    expect(bodyOf(formOf(r))).toEqual({
      name: r.name, kind: r.kind, enabled: true, appDid: r.appDid, modelId: 'gpt-4o', threshold: 5, windowHours: 1, minCalls: 20,
      period: null, notifyAt: null, cooldownMinutes: 10, webhookUrl: r.webhookUrl,
    });
  });

  it('checks the bounds the service checks', () => {
    const ok = { ...emptyForm(), name: 'x' };
    expect(validateRule(ok)).toEqual({});
    expect(Object.keys(validateRule({ ...ok, windowHours: '25', minCalls: '0', cooldownMinutes: '1441', webhookUrl: 'ftp://x' })).sort())
      .toEqual(['cooldownMinutes', 'minCalls', 'webhookUrl', 'windowHours']);
    expect(validateRule({ ...ok, kind: 'budget', threshold: '0' }).threshold).toEqual({ key: 'mustBePositive' });
    expect(validateRule({ ...ok, kind: 'budget', threshold: '10', notifyAt: [] }).notifyAt).toBeDefined();
    expect(validateRule({ ...ok, kind: 'daysBelow', threshold: '0' })).toEqual({});
    expect(validateRule({ ...ok, scope: 'model', appDid: 'did:app:x' }).modelId).toEqual({ key: 'alertPickModel' });
  });
});
