/**
 * Test support shared by the services' tests: the real infrastructure per test JVM (PostgreSQL,
 * Kafka broker, signing key) and reference models that compute expected answers straight from
 * the events a test sent, independent of the services' code.
 */
package io.aigne.usage.testkit;
