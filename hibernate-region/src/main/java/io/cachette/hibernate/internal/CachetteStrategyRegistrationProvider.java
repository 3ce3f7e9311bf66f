package io.cachette.hibernate.internal;

import java.util.List;

import org.hibernate.boot.registry.selector.SimpleStrategyRegistrationImpl;
import org.hibernate.boot.registry.selector.StrategyRegistration;
import org.hibernate.boot.registry.selector.StrategyRegistrationProvider;
import org.hibernate.cache.spi.RegionFactory;

import io.cachette.hibernate.CachetteRegionFactory;

/**
 * Makes {@link CachetteRegionFactory} selectable by the short name {@code cachette}
 * ({@code hibernate.cache.region.factory_class=cachette}), found by Hibernate through {@link java.util.ServiceLoader}.
 */
public final class CachetteStrategyRegistrationProvider implements StrategyRegistrationProvider {

    /** The short name. */
    public static final String SHORT_NAME = "cachette";

    @Override
    public Iterable<StrategyRegistration<?>> getStrategyRegistrations() {
        return List.of(new SimpleStrategyRegistrationImpl<>(RegionFactory.class, CachetteRegionFactory.class,
                SHORT_NAME, CachetteRegionFactory.class.getName(), CachetteRegionFactory.class.getSimpleName()));
    }
}
