package io.cachette.jcache;

import io.cachette.testing.ModuleDescriptors;
import org.junit.jupiter.api.Test;

import java.lang.module.ModuleDescriptor;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The module descriptor exports exactly the API packages and registers the provider for {@code ServiceLoader}. */
class ModuleDescriptorTest {

    private final ModuleDescriptor module = ModuleDescriptors.of(CachetteCachingProvider.class);

    @Test
    void exports_onlyTheApiPackages() {
        assertEquals("io.cachette.jcache", module.name());
        assertEquals(Set.of("io.cachette.jcache", "io.cachette.jcache.configuration", "io.cachette.jcache.copy",
                "io.cachette.store"), ModuleDescriptors.exportedPackages(module));
    }

    @Test
    void exports_theLocalStoreToTheMemcachedBackendAlone() {
        Map<String, Set<String>> qualified = module.exports().stream().filter(ModuleDescriptor.Exports::isQualified)
                .collect(java.util.stream.Collectors.toMap(ModuleDescriptor.Exports::source,
                        ModuleDescriptor.Exports::targets));
        assertEquals(Map.of("io.cachette.store.local", Set.of("io.cachette.memcached")), qualified);
    }

    @Test
    void provides_theCachingProviderAndUsesStoreFactories() {
        assertEquals(Map.of("javax.cache.spi.CachingProvider", List.of(CachetteCachingProvider.class.getName())),
                ModuleDescriptors.provides(module));
        assertEquals(Set.of("io.cachette.store.StoreFactory"), module.uses());
    }
}
