/**
 * The ModelCall event contract shared by every service (docs/contracts.md §1): the event record,
 * its validation rules, JSON serde and the Kafka topic names. Plain Java, no framework.
 */
package io.aigne.usage.events;
