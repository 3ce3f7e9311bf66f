package io.cachette.memcached.internal.routing;

import io.cachette.memcached.ServerAddress;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Deterministic key sets and server lists for the ring tests. */
final class TestKeys {

    private static final String ALPHABET =
            "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789:_-./%+=#@!éü日本€";

    private TestKeys() {
    }

    /**
     * {@code count} distinct keys: half shaped like our cache keys ({@code cachette:books:0:<n>}), half random
     * strings of 1..250 characters, some of them non-ASCII (hashed as UTF-8).
     */
    static List<String> keys(int count) {
        Random random = new Random(20261125L);
        List<String> keys = new ArrayList<>(count);
        for (int i = 0; i < count / 2; i++) {
            keys.add("cachette:books:0:" + i);
        }
        for (int i = keys.size(); i < count; i++) {
            int length = 1 + random.nextInt(250);
            StringBuilder key = new StringBuilder(length + 8);
            for (int c = 0; c < length; c++) {
                key.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
            }
            keys.add(key.append('#').append(i).toString());
        }
        return keys;
    }

    /** {@code count} literal IPv4 servers, every third one on a port other than 11211. */
    static List<ServerAddress> literalServers(int count) {
        List<ServerAddress> servers = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            servers.add(new ServerAddress("10.0." + (i / 200) + "." + (1 + i % 200), i % 3 == 2 ? 11311 + i : 11211));
        }
        return servers;
    }
}
