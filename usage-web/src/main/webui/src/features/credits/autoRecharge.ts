// The auto-recharge form's rules, the same the quota gateway enforces (docs/api.md "Credits"):
// threshold ≥ 0, quantity > 0, maxAttempts 0–100 (whole), maxAmount ≥ 0 — enabled or not,
// since the gateway keeps the whole configuration.
import type { MessageKey } from '../../shared/i18n/messages';

export type AutoRechargeForm = { enabled: boolean; threshold: string; quantity: string; maxAttempts: string; maxAmount: string };

export function validateAutoRecharge(f: AutoRechargeForm): Partial<Record<keyof AutoRechargeForm, MessageKey>> {
  const errors: Partial<Record<keyof AutoRechargeForm, MessageKey>> = {};
  const num = (s: string) => (s.trim() === '' ? NaN : Number(s));
  if (!(num(f.threshold) >= 0)) errors.threshold = 'mustBeNonNegative';
  if (!(num(f.quantity) > 0)) errors.quantity = 'mustBePositive';
  const attempts = num(f.maxAttempts);
  if (!(Number.isInteger(attempts) && attempts >= 0 && attempts <= 100)) errors.maxAttempts = 'attemptsRange';
  if (!(num(f.maxAmount) >= 0)) errors.maxAmount = 'mustBeNonNegative';
  return errors;
}
