package io.cachette.tck;

import io.cachette.testkit.LocalMemcachedServers;

/**
 * A cluster of three memcached servers on free loopback ports, started by {@link LocalMemcachedServers}, with the
 * provider's default cache manager URI pointed at it through {@code cachette.default-uri}; as
 * {@value #NEAR_NAME}, with a strict near tier on every cache (system property {@value #NEAR_PROPERTY}).
 */
final class MemcachedBackend implements TckBackend {

  static final String NAME = "memcached";
  static final String NEAR_NAME = "memcached-near";
  /** Set as a system property rather than in the URI: the TCK computes MBean names from the URI itself. */
  static final String NEAR_PROPERTY = "cachette.memcached.near-cache.max-entries";
  static final String DEFAULT_URI = "cachette.default-uri";
  static final int SERVERS = 3;

  private final String name;
  private final boolean nearCache;
  private LocalMemcachedServers servers;
  private String previousDefaultUri;

  MemcachedBackend() {
    this(NAME, false);
  }

  private MemcachedBackend(String name, boolean nearCache) {
    this.name = name;
    this.nearCache = nearCache;
  }

  /** The memcached backend with a strict near tier on every cache. */
  static MemcachedBackend withNearCache() {
    return new MemcachedBackend(NEAR_NAME, true);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public void start() throws Exception {
    LocalMemcachedServers cluster = LocalMemcachedServers.start(SERVERS);
    servers = cluster;
    previousDefaultUri = System.getProperty(DEFAULT_URI);
    System.setProperty(DEFAULT_URI, cluster.uri());
    if (nearCache) {
      System.setProperty(NEAR_PROPERTY, "10000");
    }
  }

  @Override
  public void close() {
    if (nearCache) {
      System.clearProperty(NEAR_PROPERTY);
    }
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
