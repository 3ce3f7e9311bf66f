package io.cachette.tck;

import java.lang.System.Logger.Level;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Starts the backend named by {@value TckBackends#BACKEND_PROPERTY} when the JUnit Platform launcher session of a
 * TCK run opens, before any TCK class is loaded, and stops it when the session closes.
 *
 * <p>Registered through {@code META-INF/services}; inert in a JVM that is not a TCK run.
 */
public final class TckBackendSession implements LauncherSessionListener {

  private static final System.Logger LOG = System.getLogger(TckBackendSession.class.getName());

  private TckBackend backend;

  @Override
  public void launcherSessionOpened(LauncherSession session) {
    TckBackends.fromSystemProperty().ifPresent(this::start);
  }

  @Override
  public void launcherSessionClosed(LauncherSession session) {
    if (backend == null) {
      return;
    }
    try {
      backend.close();
    } catch (Exception e) {
      LOG.log(Level.WARNING, "TCK backend " + backend.name() + " did not stop cleanly", e);
    } finally {
      backend = null;
    }
  }

  private void start(TckBackend candidate) {
    try {
      candidate.start();
    } catch (Exception e) {
      throw new IllegalStateException("TCK backend " + candidate.name() + " failed to start", e);
    }
    backend = candidate;
    LOG.log(Level.INFO, "TCK backend {0} started", candidate.name());
  }
}
