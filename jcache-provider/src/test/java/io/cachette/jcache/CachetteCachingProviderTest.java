package io.cachette.jcache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.OptionalFeature;
import javax.cache.spi.CachingProvider;
import org.junit.jupiter.api.Test;

class CachetteCachingProviderTest {

    @Test
    void caching_findsThisProviderWithTheDefaultUri() {
        CachingProvider provider = Caching.getCachingProvider();
        assertInstanceOf(CachetteCachingProvider.class, provider);
        assertEquals(URI.create("cachette:local"), provider.getDefaultURI());
        assertTrue(provider.isSupported(OptionalFeature.STORE_BY_REFERENCE));
    }

    @Test
    void defaultUriSystemProperty_overridesTheDefaultUri() {
        String previous = System.getProperty("cachette.default-uri");
        try {
            System.setProperty("cachette.default-uri", "cachette:elsewhere");
            assertEquals(URI.create("cachette:elsewhere"), new CachetteCachingProvider().getDefaultURI());
            System.setProperty("cachette.default-uri", "not a uri");
            IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(
                    IllegalArgumentException.class, () -> new CachetteCachingProvider().getDefaultURI());
            assertTrue(e.getMessage().contains("cachette.default-uri"), e.getMessage());
        } finally {
            if (previous == null) {
                System.clearProperty("cachette.default-uri");
            } else {
                System.setProperty("cachette.default-uri", previous);
            }
        }
    }

    @Test
    void getCacheManager_onePerUriAndClassLoader_untilClosed() {
        CachetteCachingProvider provider = new CachetteCachingProvider();
        ClassLoader loader = getClass().getClassLoader();
        CacheManager first = provider.getCacheManager(URI.create("cachette:a"), loader);
        assertSame(first, provider.getCacheManager(URI.create("cachette:a"), loader));
        assertNotSame(first, provider.getCacheManager(URI.create("cachette:b"), loader));
        assertNotSame(first, provider.getCacheManager(URI.create("cachette:a"),
                new URLClassLoader(new URL[0], loader)));
        first.close();
        CacheManager second = provider.getCacheManager(URI.create("cachette:a"), loader);
        assertNotSame(first, second);
        provider.close();
        assertTrue(second.isClosed());
    }
}
