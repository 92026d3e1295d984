/**
 * stats-aggregator-service: takes ModelCall events (HTTP ingest or straight from Kafka), persists
 * them exactly once in effect, and (issue 3) maintains the hourly ModelCallStat rows.
 */
package io.aigne.usage.aggregator;
