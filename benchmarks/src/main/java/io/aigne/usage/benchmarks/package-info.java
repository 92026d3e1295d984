/** Benchmarks run on demand with deploy/benchmark.sh; each prints a table with its baseline. */
package io.aigne.usage.benchmarks;
