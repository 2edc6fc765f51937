import { describe, expect, it } from 'vitest';
import { policyFromConfig } from '../config.js';
import { PhiPolicyError } from '../errors.js';
import { phiPolicySchema } from '../schema.js';
import { redactText } from '../redact.js';

describe('phi.sensitivity', () => {
  it('defaults to rules (the model is opt-in: docs/phi.md) and accepts strict and balanced', () => {
    expect(policyFromConfig({ default: 'remove' }).sensitivity).toBe('rules');
    expect(policyFromConfig({ default: 'remove', sensitivity: 'strict' }).sensitivity).toBe('strict');
    expect(policyFromConfig({ default: 'remove', sensitivity: 'balanced' }).sensitivity).toBe('balanced');
    const props = (phiPolicySchema as unknown as { properties: Record<string, { enum?: string[] }> }).properties;
    expect(props.sensitivity!.enum).toEqual(['rules', 'strict', 'balanced']);
  });
  it('rejects anything else, naming the policy path and not the value', () => {
    let err: unknown;
    try { policyFromConfig({ default: 'remove', sensitivity: 'paranoid' }); } catch (e) { err = e; }
    expect(err).toBeInstanceOf(PhiPolicyError);
    expect((err as PhiPolicyError).path).toBe('phi.sensitivity');
    expect((err as Error).message).not.toContain('paranoid');
  });
  it('is applied by redactText: the model runs for strict and balanced, not for rules', () => {
    const t = 'family meeting today, dr wexley will call back after rounds.';
    for (const s of ['strict', 'balanced'] as const) {
      const out = redactText(t, policyFromConfig({ default: 'remove', sensitivity: s })).text;
      expect(out).not.toContain('wexley');
    }
    const rules = redactText(t, policyFromConfig({ default: 'remove', sensitivity: 'rules' })).findings;
    expect(rules.some((f) => f.detector === 'model:perceptron')).toBe(false);
  });
});
