package io.cachette.memcached.internal.routing;

import io.cachette.memcached.ServerAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static io.cachette.memcached.KetamaKeyFormat.LIBMEMCACHED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * Our {@code LIBMEMCACHED} ring against libmemcached 1.0.18 itself: its placements of 10,000 keys, recorded in
 * {@code libmemcached-ketama.txt} (how they were made is written there). Weight 1 is left out of the weights map,
 * so the case with only weight 1 also proves that this format weighs by default, as libmemcached does.
 */
class KetamaLibmemcachedParityTest {

    private static final String RESOURCE = "libmemcached-ketama.txt";

    static Stream<Arguments> recordedCases() {
        InputStream in = KetamaLibmemcachedParityTest.class.getResourceAsStream(RESOURCE);
        assertNotNull(in, RESOURCE + " is missing from the test class path");
        List<Arguments> cases = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    String[] fields = line.split("\\|");
                    cases.add(Arguments.of(fields[0], fields[1], fields[2]));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("recordedCases")
    void everyKey_landsWhereLibmemcachedPutsIt(String name, String serverSpecs, String owners) {
        List<ServerAddress> servers = new ArrayList<>();
        Map<ServerAddress, Integer> weights = new HashMap<>();
        for (String spec : serverSpecs.split(" ")) {
            int slash = spec.lastIndexOf('/');
            ServerAddress server = ServerAddress.parse(spec.substring(0, slash));
            int weight = Integer.parseInt(spec.substring(slash + 1));
            servers.add(server);
            if (weight != 1) {
                weights.put(server, weight);
            }
        }
        KetamaNodeLocator locator = new KetamaNodeLocator(servers, LIBMEMCACHED, weights);
        assertEquals(10_000, owners.length());
        List<String> mismatches = new ArrayList<>();
        for (int i = 0; i < owners.length(); i++) {
            ServerAddress expected = servers.get(Character.digit(owners.charAt(i), 36));
            ServerAddress actual = locator.locate(key(i).getBytes(StandardCharsets.UTF_8));
            if (!expected.equals(actual)) {
                mismatches.add(key(i) + " -> ours " + actual + ", libmemcached " + expected);
            }
        }
        assertEquals(List.of(), mismatches.subList(0, Math.min(5, mismatches.size())),
                mismatches.size() + " of " + owners.length() + " keys placed differently, first ones");
    }

    /** Key {@code i} of the recording, as its header describes. */
    private static String key(int i) {
        if (i % 2 == 0) {
            return "cachette:books:0:" + i;
        }
        return "u" + Long.toHexString(i * 0x9E3779B97F4A7C15L) + (i % 3 == 0 ? "-\u00e9\u65e5" : "");
    }
}
