package io.cachette.tck;

import io.cachette.testkit.LocalMemcachedServers;

/**
 * A cluster of three memcached servers on free loopback ports, started by {@link LocalMemcachedServers}, with the
 * provider's default cache manager URI pointed at it through {@code cachette.default-uri}.
 */
final class MemcachedBackend implements TckBackend {

  static final String NAME = "memcached";
  static final String DEFAULT_URI = "cachette.default-uri";
  static final int SERVERS = 3;

  private LocalMemcachedServers servers;
  private String previousDefaultUri;

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void start() throws Exception {
    LocalMemcachedServers cluster = LocalMemcachedServers.start(SERVERS);
    servers = cluster;
    previousDefaultUri = System.getProperty(DEFAULT_URI);
    System.setProperty(DEFAULT_URI, cluster.uri());
  }

  @Override
  public void close() {
    if (previousDefaultUri == null) {
      System.clearProperty(DEFAULT_URI);
    } else {
      System.setProperty(DEFAULT_URI, previousDefaultUri);
    }
    if (servers != null) {
      servers.close();
      servers = null;
    }
  }

  /** The default URI while the backend runs, for tests. */
  String uri() {
    return servers.uri();
  }
}
