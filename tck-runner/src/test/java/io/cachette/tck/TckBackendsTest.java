package io.cachette.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** How a TCK run's backend is chosen by name. */
class TckBackendsTest {

  @Test
  void named_local_isTheLocalBackend() {
    assertEquals("local", TckBackends.named("local").name());
  }

  @Test
  void named_unknown_failsNamingThePropertyAndTheAllowedNames() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TckBackends.named("redis"));

    assertTrue(e.getMessage().contains("'redis'"), e.getMessage());
    assertTrue(e.getMessage().contains(TckBackends.BACKEND_PROPERTY), e.getMessage());
    assertTrue(e.getMessage().contains("[local, memcached, memcached-near]"), e.getMessage());
  }

  @Test
  void named_memcached_startsAClusterAndPointsTheDefaultUriAtIt() throws Exception {
    MemcachedBackend backend = (MemcachedBackend) TckBackends.named("memcached");
    try {
      backend.start();
      assertTrue(System.getProperty("cachette.default-uri").startsWith("memcached://127.0.0.1:"));
      assertEquals(3, backend.uri().split(",").length);
    } finally {
      backend.close();
    }
    assertEquals(null, System.getProperty("cachette.default-uri"));
  }

  @Test
  void named_memcachedNear_turnsTheNearTierOnForEveryCacheOfTheDefaultManager() throws Exception {
    MemcachedBackend backend = (MemcachedBackend) TckBackends.named("memcached-near");
    try {
      backend.start();
      javax.cache.spi.CachingProvider provider = javax.cache.Caching.getCachingProvider();
      try (javax.cache.CacheManager manager = provider.getCacheManager(provider.getDefaultURI(),
          provider.getDefaultClassLoader())) {
        javax.cache.Cache<String, String> cache = manager.createCache("near-check",
            new javax.cache.configuration.MutableConfiguration<String, String>());
        cache.put("k", "v");
        assertEquals("v", cache.get("k"));
        assertTrue(cache.unwrap(io.cachette.memcached.store.MemcachedStore.class).nearCacheCounters().published() > 0);
      }
    } finally {
      backend.close();
    }
    assertEquals(null, System.getProperty(MemcachedBackend.NEAR_PROPERTY));
  }
}
