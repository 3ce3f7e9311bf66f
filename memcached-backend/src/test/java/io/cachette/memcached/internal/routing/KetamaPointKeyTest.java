package io.cachette.memcached.internal.routing;

import io.cachette.memcached.KetamaKeyFormat;
import io.cachette.memcached.ServerAddress;
import org.junit.jupiter.api.Test;

import static io.cachette.memcached.KetamaKeyFormat.LIBMEMCACHED;
import static io.cachette.memcached.KetamaKeyFormat.SPYMEMCACHED;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The exact point-key strings, checked against the literal text and against spymemcached's formatter. */
class KetamaPointKeyTest {

    @Test
    void spymemcachedFormat_literalIp_isIpColonPort() {
        assertPointKey(new ServerAddress("127.0.0.1", 11211), SPYMEMCACHED, 0, "127.0.0.1:11211-0");
    }

    @Test
    void spymemcachedFormat_hostName_isNameSlashIpColonPort() {
        assertPointKey(new ServerAddress("localhost", 11211), SPYMEMCACHED, 0, "localhost/127.0.0.1:11211-0");
    }

    @Test
    void spymemcachedFormat_ipv6Literal_isBracketedFullForm() {
        assertPointKey(new ServerAddress("::1", 11212), SPYMEMCACHED, 39, "[0:0:0:0:0:0:0:1]:11212-39");
    }

    @Test
    void libmemcachedFormat_defaultPort_isHostOnly() {
        assertPointKey(new ServerAddress("10.0.0.1", 11211), LIBMEMCACHED, 0, "10.0.0.1-0");
        assertPointKey(new ServerAddress("localhost", 11211), LIBMEMCACHED, 7, "localhost-7");
    }

    @Test
    void libmemcachedFormat_otherPort_isHostColonPort() {
        assertPointKey(new ServerAddress("10.0.0.1", 11212), LIBMEMCACHED, 3, "10.0.0.1:11212-3");
        assertPointKey(new ServerAddress("localhost", 22122), LIBMEMCACHED, 0, "localhost:22122-0");
    }

    private static void assertPointKey(ServerAddress server, KetamaKeyFormat format, int n, String expected) {
        assertEquals(expected, KetamaNodeLocator.pointKey(server, format, n));
        assertEquals(expected, SpymemcachedRing.pointKey(server, format, n), "spymemcached's formatter");
    }
}
