/**
 * Local infrastructure shared by deploy/local-stack.sh and the tests: an embedded PostgreSQL, a
 * real KRaft Kafka broker process, locally signed tokens and the demo data set.
 */
package io.aigne.usage.localstack;
