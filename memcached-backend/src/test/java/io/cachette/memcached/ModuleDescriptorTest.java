package io.cachette.memcached;

import io.cachette.memcached.store.MemcachedStoreFactory;
import io.cachette.testing.ModuleDescriptors;
import org.junit.jupiter.api.Test;

import java.lang.module.ModuleDescriptor;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The module descriptor exports the client API and the store's entry points, nothing under {@code internal}. */
class ModuleDescriptorTest {

    private final ModuleDescriptor module = ModuleDescriptors.of(MemcachedClient.class);

    @Test
    void exports_onlyTheClientApiAndTheStoreEntryPoints() {
        assertEquals("io.cachette.memcached", module.name());
        assertEquals(Set.of("io.cachette.memcached", "io.cachette.memcached.store"),
                ModuleDescriptors.exportedPackages(module));
    }

    @Test
    void provides_theMemcachedStoreFactory() {
        assertEquals(Map.of("io.cachette.store.StoreFactory", List.of(MemcachedStoreFactory.class.getName())),
                ModuleDescriptors.provides(module));
    }
}
