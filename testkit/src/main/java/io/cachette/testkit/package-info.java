/**
 * Throwaway local servers for tests, demos and benchmark harnesses, kept out of the library jars: memcached
 * processes on free loopback ports ({@link io.cachette.testkit.LocalMemcachedServers}) and the one shared JUnit
 * extension over them ({@link io.cachette.testkit.MemcachedServers}); a throwaway PostgreSQL server
 * ({@link io.cachette.testkit.LocalPostgres}) and its JUnit extension ({@link io.cachette.testkit.PostgresServer}). Applications never put this jar in
 * production; nothing in {@code cachette-jcache}, {@code cachette-memcached} or {@code cachette-hibernate} uses it.
 */
package io.cachette.testkit;
