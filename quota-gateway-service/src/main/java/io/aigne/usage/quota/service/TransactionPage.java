package io.aigne.usage.quota.service;

import java.util.List;

/** Endpoint 5's answer, newest first. */
public record TransactionPage(List<CreditTransaction> list, long count, int page, int pageSize) {
}
