package io.cachette.tck;

/**
 * The embedded local LRU store: the provider's default ({@code cachette:local}), which lives inside the test
 * JVM, so there is nothing to start or stop.
 */
final class LocalBackend implements TckBackend {

  static final String NAME = "local";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void start() {
    // the local store is created by the provider itself, in process
  }

  @Override
  public void close() {
    // nothing was started
  }
}
