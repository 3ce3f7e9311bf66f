/**
 * Hibernate ORM second-level cache on Cachette: {@link io.cachette.hibernate.CachetteRegionFactory}, selected with
 * {@code hibernate.cache.region.factory_class=cachette}.
 */
package io.cachette.hibernate;
