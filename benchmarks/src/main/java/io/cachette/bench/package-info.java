/**
 * Benchmarks of Cachette against the caches and clients users would pick instead. Each area has its own package
 * ({@code local}, {@code memcached}, {@code hibernate}, {@code metrics}, {@code near}, {@code herd}); {@code report}
 * turns one run's results into the table of ratios that {@code benchmarks/run.sh} prints. Nothing here is production
 * code.
 */
package io.cachette.bench;
