package io.cachette.tck;

/**
 * One backend the TCK runs against, such as the local store or a memcached cluster.
 *
 * <p>A backend prepares, before the first TCK test, whatever the provider needs to reach it (servers, the
 * {@code cachette.default-uri} system property) and releases it after the last test. It runs inside the forked
 * test JVM, so whatever it starts lives exactly as long as that backend's TCK run.
 */
interface TckBackend extends AutoCloseable {

  /** The short name used in the system property {@value TckBackends#BACKEND_PROPERTY} and the summary line. */
  String name();

  /** Makes the backend ready; called once, before the first test runs. */
  void start() throws Exception;

  /** Releases what {@link #start()} acquired; called once, after the last test. */
  @Override
  void close() throws Exception;
}
