/**
 * usage-query-service: the read side of the Dashboard and Project Detail pages. Every query is
 * filtered by the authenticated user.
 */
package io.aigne.usage.query;
