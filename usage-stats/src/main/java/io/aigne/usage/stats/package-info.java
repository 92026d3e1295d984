/**
 * ModelCallStat maths shared by the aggregator and the query service: bucket keys at the user,
 * project and model level, the running totals and the KLL latency sketch, and their stored form.
 */
package io.aigne.usage.stats;
