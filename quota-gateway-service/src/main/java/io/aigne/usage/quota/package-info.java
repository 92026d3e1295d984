/**
 * quota-gateway-service: credits, estimated days remaining and auto-recharge over payment-kit or
 * the built-in ledger (issue 5). For now it only exposes its health endpoints.
 */
package io.aigne.usage.quota;
