package io.cachette.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** How a TCK run's backend is chosen by name. */
class TckBackendsTest {

  @Test
  void named_local_isTheLocalBackend() {
    assertEquals("local", TckBackends.named("local").name());
  }

  @Test
  void named_unknown_failsNamingThePropertyAndTheAllowedNames() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TckBackends.named("redis"));

    assertTrue(e.getMessage().contains("'redis'"), e.getMessage());
    assertTrue(e.getMessage().contains(TckBackends.BACKEND_PROPERTY), e.getMessage());
    assertTrue(e.getMessage().contains("[local]"), e.getMessage());
  }
}
