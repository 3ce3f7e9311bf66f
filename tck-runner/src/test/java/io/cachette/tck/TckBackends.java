package io.cachette.tck;

import java.util.List;
import java.util.Optional;

/**
 * Resolves the backend of a TCK run from the system property {@value #BACKEND_PROPERTY}, which each surefire
 * execution of this module sets. Without the property (our own unit tests) there is no TCK run.
 *
 * <p>A new backend is one more name here plus one more surefire execution in the pom that sets the property.
 */
final class TckBackends {

  /** The system property naming the backend of the current TCK run. */
  static final String BACKEND_PROPERTY = "tck.backend";

  /** The backend names this runner knows. */
  static final List<String> NAMES = List.of(LocalBackend.NAME, MemcachedBackend.NAME, MemcachedBackend.NEAR_NAME);

  private TckBackends() {}

  /** The backend the system property names, or empty when this JVM is not a TCK run. */
  static Optional<TckBackend> fromSystemProperty() {
    String name = System.getProperty(BACKEND_PROPERTY);
    return name == null ? Optional.empty() : Optional.of(named(name));
  }

  /**
   * The backend of that name.
   *
   * @throws IllegalArgumentException if no backend has that name
   */
  static TckBackend named(String name) {
    return switch (name.trim()) {
      case LocalBackend.NAME -> new LocalBackend();
      case MemcachedBackend.NAME -> new MemcachedBackend();
      case MemcachedBackend.NEAR_NAME -> MemcachedBackend.withNearCache();
      default -> throw new IllegalArgumentException(
          "unknown TCK backend '" + name + "' in system property " + BACKEND_PROPERTY + "; allowed: " + NAMES);
    };
  }
}
