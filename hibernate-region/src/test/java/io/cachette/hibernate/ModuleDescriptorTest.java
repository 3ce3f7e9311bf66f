package io.cachette.hibernate;

import io.cachette.testing.ModuleDescriptors;
import org.junit.jupiter.api.Test;

import java.lang.module.ModuleDescriptor;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The module descriptor exports only the region factory's package and names no backend module. */
class ModuleDescriptorTest {

    private final ModuleDescriptor module = ModuleDescriptors.of(CachetteRegionFactory.class);

    @Test
    void exports_onlyTheRegionFactoryPackage() {
        assertEquals("io.cachette.hibernate", module.name());
        assertEquals(Set.of("io.cachette.hibernate"), ModuleDescriptors.exportedPackages(module));
    }

    @Test
    void provides_theShortNameRegistration() {
        assertEquals(Map.of("org.hibernate.boot.registry.selector.StrategyRegistrationProvider",
                        List.of("io.cachette.hibernate.internal.CachetteStrategyRegistrationProvider")),
                ModuleDescriptors.provides(module));
    }

    @Test
    void requires_noBackendModule() {
        assertTrue(module.requires().stream().noneMatch(r -> r.name().startsWith("io.cachette.memcached")),
                module.requires().toString());
    }
}
