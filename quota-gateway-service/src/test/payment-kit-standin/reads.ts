// Every field the Java DTOs in quota-gateway-service/src/main/java/io/aigne/usage/quota/client/PaymentKitJson.java
// read (and send), named against payment-kit's published types, so `npm run check` fails when a field we
// rely on is not (or no longer) declared there. Pick<T, K> only compiles when every K is a key of T.
//
// Source of truth, in order: @blocklet/payment-types 1.27.2 (the Sequelize models payment-kit serialises)
// and, where payment-types has no type for an answer, @blocklet/payment-js 1.27.2 (the official client's
// declared answers and request bodies). Where our DTO reads something neither declares, it is left out of
// the checks below with the reason, under "NOT DECLARED".

import type {
  CreditGrantSummary,
  GroupedBN,
  Paginated,
  TAutoRechargeConfig,
  TCreditTransaction,
  TCreditTransactionExpanded,
  TPaymentCurrency,
} from '@blocklet/payment-types';
import type {
  SubmitAutoRechargeConfigData,
  TAutoRechargeConfigExpanded,
} from '@blocklet/payment-js/lib/resources/auto-recharge-config';
import type { TCreditTransaction as PaymentJsCreditTransaction } from '@blocklet/payment-js/lib/resources/credit-transaction';
import type { UsageSummary } from './fixtures';

// payment-types imports its base types from `sequelize` and `type-fest`, which it lists only as its own
// devDependencies. Without them installed every model type silently becomes `any` and every check below
// passes vacuously; these lines fail the build instead.
type IsAny<T> = 0 extends 1 & T ? true : false;
type AssertFalse<T extends false> = T;
export type TypesResolved = [
  AssertFalse<IsAny<TCreditTransaction>>,
  AssertFalse<IsAny<TPaymentCurrency>>,
  AssertFalse<IsAny<TAutoRechargeConfig>>,
  AssertFalse<IsAny<TAutoRechargeConfigExpanded>>,
  AssertFalse<IsAny<UsageSummary>>,
];

// ---- GET /api/credit-grants/summary -> Map<String, CurrencyGrants>
/** record CurrencyGrants(paymentCurrency, totalAmount, remainingAmount); grantCount is not read. */
export type CurrencyGrantsReads = Pick<CreditGrantSummary, 'paymentCurrency' | 'totalAmount' | 'remainingAmount'>;
/** record PaymentCurrency(id, symbol) */
export type PaymentCurrencyReads = Pick<TPaymentCurrency, 'id' | 'symbol'>;

// ---- GET /api/credit-transactions/summary -> SpendSummary
/** record SpendSummary(total_credit_amount) */
export type SpendSummaryReads = Pick<UsageSummary, 'total_credit_amount'>;

// ---- GET /api/credit-transactions -> TransactionList
/** record TransactionList(list, count) */
export type TransactionListReads = Pick<Paginated<TCreditTransactionExpanded>, 'list' | 'count'>;
/** record Transaction(id, type, amount, created_at, description, metadata): the declared part. */
export type TransactionReads = Pick<TCreditTransactionExpanded, 'id' | 'credit_amount' | 'created_at' | 'description' | 'metadata'>;
// NOT DECLARED in payment-types: Transaction.type and Transaction.amount. The model (and so
// TCreditTransactionExpanded, which payment-js' own creditTransactions.list() returns) has `credit_amount`,
// `quantity` and `remaining_balance`, and no transaction type at all. Only payment-js' hand-written
// `TCreditTransaction` interface (resources/credit-transaction.d.ts, not used by any of its methods) declares
// `type: 'grant' | 'consumption' | 'adjustment' | 'expiration'` and `amount`. Checked against that interface
// instead, so a rename there still fails the build; against a real payment-kit the DTO may well find neither
// field and read every amount as 0 with type "".
export type TransactionReadsPaymentJsOnly = Pick<PaymentJsCreditTransaction, 'type' | 'amount'>;
// NOT DECLARED either way: created_at as epoch seconds or milliseconds (EpochSeconds accepts them). The model
// declares a Date (an ISO-8601 string on the wire), payment-js a string. The numeric forms are tolerance only.

// ---- GET /api/meter-events/pending-amount -> PendingAmount
/** payment-js meterEvents.pendingAmount() returns GroupedBN: currency id -> decimal string. */
export type PendingAmountReads = GroupedBN[string];
// NOT DECLARED: the bare number or string and the `{amount}` object PendingAmount.of() also accepts. Only the
// map by currency is declared; the other shapes are tolerance for answers seen elsewhere.

// ---- GET /api/auto-recharge-configs/customer/{customerId} -> AutoRechargeConfig
/** record AutoRechargeConfig(enabled, threshold, quantity, daily_limits) */
export type AutoRechargeConfigReads = Pick<TAutoRechargeConfig, 'enabled' | 'threshold' | 'quantity' | 'daily_limits'>;
export type AutoRechargeConfigReadsPaymentJs = Pick<TAutoRechargeConfigExpanded, 'enabled' | 'threshold' | 'quantity' | 'daily_limits'>;
/** record DailyLimits(max_attempts, max_amount) */
export type DailyLimitsReads = Pick<NonNullable<TAutoRechargeConfig['daily_limits']>, 'max_attempts' | 'max_amount'>;
// NOT DECLARED: the answers `{}` and `null` for "never configured" (AutoRechargeConfig.isEmpty()). payment-js
// declares getForCustomer as always returning a config ("If no config exists, a new one will be created with
// default values") and requires a `currency_id` query parameter, which our client does not send.

// ---- POST /api/auto-recharge-configs/submit?livemode <- SubmitAutoRecharge (what we send, not read)
/** record SubmitAutoRecharge(customer_id, currency_id, enabled, threshold, quantity, daily_limits{max_attempts, max_amount}) */
export type SubmitAutoRechargeSends = Pick<
  SubmitAutoRechargeConfigData,
  'customer_id' | 'currency_id' | 'enabled' | 'threshold' | 'quantity' | 'daily_limits'
>;
export type SubmitDailyLimitsSends = Pick<NonNullable<SubmitAutoRechargeConfigData['daily_limits']>, 'max_attempts' | 'max_amount'>;
// DIFFERENT in SubmitAutoRechargeConfigData: threshold, quantity and daily_limits.max_amount are numbers there;
// we send decimal strings (JSON.parse on payment-kit's side keeps them strings; the model stores threshold and
// max_amount as strings, quantity as an integer). livemode travels in the query, as payment-js sends it.
