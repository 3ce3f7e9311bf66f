package io.cachette.bench.memcached;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RoundTripProbeTest {

    @Test
    void oneShortRound_measuresEveryVariantAndPrintsTheTable() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        Map<String, double[]> summary = RoundTripProbe.probe(1, 50, new PrintStream(printed, true,
                StandardCharsets.UTF_8));

        assertTrue(summary.keySet().containsAll(List.of("raw", "handoff", "ours-incr", "ours-get", "spy-incr")),
                summary.keySet().toString());
        for (Map.Entry<String, double[]> variant : summary.entrySet()) {
            assertEquals(3, variant.getValue().length, variant.getKey());
            assertTrue(variant.getValue()[0] > 0, variant.getKey() + " median");
            assertTrue(variant.getValue()[1] >= variant.getValue()[0], variant.getKey() + " p90 below the median");
        }
        String text = printed.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("| raw |") && text.contains("| ours-incr |"), text);
    }

    @Test
    void requestsOutsideTheBound_areRefused() {
        assertThrows(IllegalArgumentException.class, () -> RoundTripProbe.probe(1, 200_001, System.out));
        assertThrows(IllegalArgumentException.class, () -> RoundTripProbe.probe(0, 100, System.out));
    }
}
