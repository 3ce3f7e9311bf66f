package io.cachette.samples.quickstart;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The README's demo runs its whole flow and reports what really happened. */
class QuickStartTest {

    @Test
    void demo_onTheEmbeddedDefault_reportsLoadsHitsAndExpiry() throws Exception {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        Map<String, Object> stats = new QuickStart(new PrintStream(buffer, true, StandardCharsets.UTF_8), 200).run();
        String printed = buffer.toString(StandardCharsets.UTF_8);

        assertTrue(printed.contains("io.cachette.jcache.CachetteCachingProvider"), printed);
        assertTrue(printed.contains("get(fr) = Bonjour  (a miss: the loader ran 1 time(s))"), printed);
        assertTrue(printed.contains("get(fr) = Bonjour  (now a hit: the loader still ran 1 time(s))"), printed);
        assertTrue(printed.contains("containsKey(en) = false"), printed);
        assertTrue(printed.contains("loaded again: the loader ran 2 time(s)"), printed);
        assertTrue(printed.contains("event: updated en: Hello -> Hi"), printed);
        // gets: en (hit), fr (miss), fr (hit), en (hit), fr (miss after expiry)
        assertEquals(5L, stats.get("CacheGets"));
        assertEquals(3L, stats.get("CacheHits"));
        assertEquals(2L, stats.get("CacheMisses"));
    }
}
