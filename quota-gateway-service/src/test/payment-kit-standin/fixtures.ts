// What the stand-in answers, per customer DID, typed with payment-kit's own published types
// (@blocklet/payment-types 1.27.2 for the models, @blocklet/payment-js 1.27.2 for the answers it
// declares itself). `npm run build` type-checks this file and compiles it to dist/fixtures.js,
// which standin.js loads. Dates are Date objects where the model says Date: they reach the wire as
// ISO-8601 strings (JSON.stringify), as payment-kit's serialised Sequelize rows do.
//
// One customer has data: did:abt:standin-alice. Every other customer gets `noData` (see the bottom).

import type {
  CreditGrantSummary,
  CreditTransaction,
  GroupedBN,
  TCreditGrant,
  TCreditTransactionExpanded,
  TCustomer,
  TMeter,
  TPaymentCurrency,
  TSubscription,
} from '@blocklet/payment-types';
import type { TAutoRechargeConfigExpanded } from '@blocklet/payment-js/lib/resources/auto-recharge-config';
import type { CreditSummary } from '@blocklet/payment-js/lib/resources/credit-grant';
import type { TCreditTransaction as PaymentJsCreditTransaction } from '@blocklet/payment-js/lib/resources/credit-transaction';

/** GET /api/credit-transactions/summary: what payment-types' CreditTransaction.getUsageSummary returns. */
export type UsageSummary = Awaited<ReturnType<typeof CreditTransaction.getUsageSummary>>;

/**
 * A row of GET /api/credit-transactions. payment-types' model (TCreditTransactionExpanded) has
 * `credit_amount`/`quantity`/`remaining_balance` and no `type`; payment-js' hand-written
 * TCreditTransaction interface has `type`/`amount`/`running_balance` (and is what docs/payment-kit.md
 * and our Java DTO follow). The published types disagree, so the fixture rows carry both, with the
 * same numbers; see reads.ts for which of them our DTO reads.
 */
export type TransactionRow = TCreditTransactionExpanded & Pick<PaymentJsCreditTransaction, 'type' | 'amount' | 'running_balance'>;

export interface CustomerFixture {
  /** GET /api/credit-grants/summary: currency id -> that currency's grants. */
  grantSummary: Record<string, CreditGrantSummary> & CreditSummary;
  /** GET /api/meter-events/pending-amount: currency id -> amount not settled yet. */
  pendingAmount: GroupedBN;
  /** GET /api/credit-transactions, newest first; the stand-in pages (page, pageSize) and filters (type). */
  transactions: TransactionRow[];
  /** GET /api/credit-transactions/summary; the stand-in adds `filters` from the query. */
  spendSummary: Omit<UsageSummary, 'filters'>;
  /** GET /api/auto-recharge-configs/customer/{did}; null: never configured. */
  autoRecharge: TAutoRechargeConfigExpanded | null;
}

const CREATED = new Date('2025-10-01T00:00:00.000Z');

export const CREDIT_CURRENCY = {
  id: 'pc_standin_credit',
  payment_method_id: 'pm_standin_arcblock',
  active: true,
  livemode: true,
  locked: false,
  is_base_currency: false,
  name: 'AIGNE Hub Credits',
  description: 'Credits for AIGNE Hub (stand-in)',
  logo: '',
  symbol: 'AIC',
  decimal: 2,
  minimum_payment_amount: '0',
  maximum_payment_amount: '100000000',
  metadata: {},
  type: 'credit',
  created_at: CREATED,
  updated_at: CREATED,
} satisfies TPaymentCurrency;

const ALICE_DID = 'did:abt:standin-alice';

const aliceCustomer = {
  id: 'cus_standin_alice',
  livemode: true,
  did: ALICE_DID,
  description: '',
  name: 'Alice (stand-in)',
  email: 'alice@standin.invalid',
  phone: '',
  delinquent: false,
  metadata: {},
  created_at: CREATED,
  updated_at: CREATED,
} satisfies TCustomer;

const meter = {
  id: 'mtr_standin_calls',
  object: 'meter',
  name: 'AIGNE Hub AI Meter',
  event_name: 'standin_ai_calls',
  aggregation_method: 'sum',
  status: 'active',
  unit: 'AIC',
  livemode: true,
  currency_id: CREDIT_CURRENCY.id,
  created_via: 'api',
  created_at: CREATED,
  updated_at: CREATED,
} satisfies TMeter;

const subscription = {
  id: 'sub_standin_alice',
  livemode: true,
  currency_id: CREDIT_CURRENCY.id,
  customer_id: aliceCustomer.id,
  current_period_start: 1761955200, // 2025-11-01
  current_period_end: 1764547200, // 2025-12-01
  default_payment_method_id: 'pm_standin_arcblock',
  metadata: {},
  status: 'active',
  cancel_at_period_end: false,
  cancel_at: 0,
  canceled_at: 0,
  billing_cycle_anchor: 1761955200,
  collection_method: 'charge_automatically',
  pending_invoice_item_interval: { interval: 'month', interval_count: 1 },
  start_date: 1761955200,
  created_at: CREATED,
  updated_at: CREATED,
} satisfies TSubscription;

function grant(id: string, category: 'paid' | 'promotional', amount: string, remaining: string, priority: number): TCreditGrant {
  return {
    id,
    object: 'credit_grant',
    amount,
    currency_id: CREDIT_CURRENCY.id,
    category,
    customer_id: aliceCustomer.id,
    livemode: true,
    priority,
    status: 'granted',
    remaining_amount: remaining,
    created_via: 'api',
    created_at: CREATED,
    updated_at: CREATED,
  };
}

// 900.5 + 100 = 1000.5 granted, 300.25 + 100 = 400.25 left: the summary below
const paidGrant = grant('cg_standin_paid', 'paid', '900.5', '300.25', 50);
const promoGrant = grant('cg_standin_promo', 'promotional', '100', '100', 10);

function transaction(
  id: string,
  type: PaymentJsCreditTransaction['type'],
  amount: string,
  createdAt: string,
  creditGrant: TCreditGrant,
  runningBalance: string,
  extra: { description?: string; metadata?: Record<string, unknown> } = {},
): TransactionRow {
  return {
    id,
    object: 'credit_transaction',
    type,
    amount,
    running_balance: runningBalance,
    quantity: amount,
    credit_amount: amount,
    remaining_balance: runningBalance,
    customer_id: aliceCustomer.id,
    credit_grant_id: creditGrant.id,
    meter_id: meter.id,
    subscription_id: subscription.id,
    meter_event_name: meter.event_name,
    meter_unit: meter.unit,
    ...extra,
    created_at: new Date(createdAt),
    updated_at: new Date(createdAt),
    customer: aliceCustomer,
    paymentCurrency: CREDIT_CURRENCY,
    creditGrant,
    meter,
    subscription,
  };
}

export const alice = {
  grantSummary: {
    [CREDIT_CURRENCY.id]: {
      paymentCurrency: CREDIT_CURRENCY,
      totalAmount: '1000.5',
      remainingAmount: '400.25',
      grantCount: 2,
    },
  },
  // remaining for the page: 400.25 - 0.25 = 400
  pendingAmount: { [CREDIT_CURRENCY.id]: '0.25' },
  transactions: [
    transaction('ct_standin_3', 'consumption', '2.5', '2025-11-30T10:00:00.000Z', paidGrant, '400.25', {
      description: 'AIGNE Hub usage',
      metadata: { meter: 'calls' },
    }),
    transaction('ct_standin_2', 'grant', '100', '2025-11-29T07:06:40.000Z', promoGrant, '402.75', {
      description: 'Welcome credits',
    }),
    transaction('ct_standin_1', 'expiration', '4', '2025-11-28T03:20:00.000Z', paidGrant, '302.75'),
  ],
  // 300 credits in the last 30 days: 10 a day, so 400 remaining last 40 days
  spendSummary: { total_quantity: '90', total_credit_amount: '300', transaction_count: 12 },
  autoRecharge: {
    id: 'arc_standin_alice',
    customer_id: aliceCustomer.id,
    livemode: true,
    enabled: true,
    threshold: '50',
    currency_id: CREDIT_CURRENCY.id,
    price_id: 'price_standin_credit_pack',
    quantity: 2,
    payment_method_id: 'pm_standin_arcblock',
    daily_limits: { max_attempts: 3, max_amount: '100' },
    daily_stats: { attempt_count: 0, total_amount: '0' },
    metadata: {},
    created_at: '2025-11-01T00:00:00.000Z',
    updated_at: '2025-11-01T00:00:00.000Z',
    currency: CREDIT_CURRENCY,
  },
} satisfies CustomerFixture;

/** Keyed by the customer DID our client sends as customer_id. */
export const customers: Record<string, CustomerFixture> = {
  [ALICE_DID]: alice,
};

/**
 * A customer the fixtures do not know. payment-kit keeps grants, transactions and meter events per
 * customer, so one without any answers an empty summary map, an empty pending map, an empty page and
 * a zero usage summary (getUsageSummary's totals are decimal strings). Auto-recharge: null. (payment-js
 * documents getForCustomer as creating a default config when none exists; the stand-in answers null
 * instead: the "never configured" answer our client also has to read; see README.md.)
 */
export const noData = {
  grantSummary: {},
  pendingAmount: {},
  transactions: [],
  spendSummary: { total_quantity: '0', total_credit_amount: '0', transaction_count: 0 },
  autoRecharge: null,
} satisfies CustomerFixture;
