package io.cachette.jcache.configuration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.expiry.Duration;
import javax.cache.expiry.ModifiedExpiryPolicy;
import org.junit.jupiter.api.Test;

class CachetteConfigurationTest {

    @Test
    void setMaxEntries_zero_failsNamingTheSetting() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new CachetteConfiguration<String, String>().setMaxEntries(0L));
        assertTrue(e.getMessage().contains("maxEntries"), e.getMessage());
    }

    @Test
    void setMaxBytes_negative_failsNamingTheSetting() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new CachetteConfiguration<String, String>().setMaxBytes(-1L));
        assertTrue(e.getMessage().contains("maxBytes"), e.getMessage());
    }

    @Test
    void setExpirySeconds_zero_failsNamingTheSetting() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new CachetteConfiguration<String, String>().setExpirySeconds(0));
        assertTrue(e.getMessage().contains("expirySeconds"), e.getMessage());
    }

    @Test
    void setExpirySeconds_setsAModifiedExpiryPolicy() {
        CachetteConfiguration<String, String> configuration = new CachetteConfiguration<String, String>()
                .setExpirySeconds(30);
        ModifiedExpiryPolicy policy = assertInstanceOf(ModifiedExpiryPolicy.class,
                configuration.getExpiryPolicyFactory().create());
        assertEquals(new Duration(TimeUnit.SECONDS, 30), policy.getExpiryForUpdate());
    }

    @Test
    void copyConstructor_keepsSpecAndCachetteSettings() {
        CachetteConfiguration<String, Integer> original = new CachetteConfiguration<String, Integer>()
                .setMaxEntries(10L).setMaxBytes(4096L);
        original.setTypes(String.class, Integer.class).setStoreByValue(false).setStatisticsEnabled(true);

        CachetteConfiguration<String, Integer> copy = new CachetteConfiguration<>(original);

        assertEquals(original, copy);
        assertEquals(10L, copy.getMaxEntries());
        assertEquals(4096L, copy.getMaxBytes());
        assertFalse(copy.isStoreByValue());
        assertEquals(String.class, copy.getKeyType());
    }

    @Test
    void copyConstructor_fromPlainMutableConfiguration_hasNoCachetteSettings() {
        MutableConfiguration<String, String> plain = new MutableConfiguration<String, String>().setReadThrough(true);
        CachetteConfiguration<String, String> copy = new CachetteConfiguration<>(plain);
        assertTrue(copy.isReadThrough());
        assertNull(copy.getMaxEntries());
        assertEquals(CacheSettings.NONE, copy.toCacheSettings());
    }
}
