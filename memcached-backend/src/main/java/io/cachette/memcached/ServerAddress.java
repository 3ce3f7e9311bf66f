package io.cachette.memcached;

import java.util.Objects;

/**
 * One memcached server: a host name or literal IP address and a port. Immutable; equal addresses are the
 * same server for sharding and for metrics.
 *
 * @param host host name or literal address (IPv6 without brackets)
 * @param port TCP port, 1..65535
 */
public record ServerAddress(String host, int port) {

    /** memcached's default port. */
    public static final int DEFAULT_PORT = 11211;

    public ServerAddress {
        Objects.requireNonNull(host, "host");
        if (host.isBlank()) {
            throw new IllegalArgumentException("memcached server host is empty");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("memcached server port " + port + " is not in 1..65535");
        }
    }

    /**
     * Parses {@code host}, {@code host:port}, {@code [v6]} or {@code [v6]:port}; the port defaults to 11211.
     *
     * @throws IllegalArgumentException naming the text when it is not such an address
     */
    public static ServerAddress parse(String text) {
        Objects.requireNonNull(text, "text");
        String s = text.trim();
        String host;
        String port = null;
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("memcached server '" + text + "': missing ']'");
            }
            host = s.substring(1, close);
            String rest = s.substring(close + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) {
                    throw new IllegalArgumentException("memcached server '" + text + "': expected ':port' after ']'");
                }
                port = rest.substring(1);
            }
        } else {
            int colon = s.lastIndexOf(':');
            if (colon >= 0 && s.indexOf(':') != colon) {
                throw new IllegalArgumentException(
                        "memcached server '" + text + "': write an IPv6 address as [address]:port");
            }
            host = colon < 0 ? s : s.substring(0, colon);
            port = colon < 0 ? null : s.substring(colon + 1);
        }
        int portNumber = DEFAULT_PORT;
        if (port != null) {
            try {
                portNumber = Integer.parseInt(port);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("memcached server '" + text + "': port '" + port + "' is not a number");
            }
        }
        return new ServerAddress(host, portNumber);
    }

    @Override
    public String toString() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
