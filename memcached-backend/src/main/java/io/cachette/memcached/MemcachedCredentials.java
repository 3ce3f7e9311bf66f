package io.cachette.memcached;

import java.util.Objects;

/**
 * A user name and password for memcached's ASCII authentication ({@code memcached -Y <auth file>}, lines
 * {@code user:password}). The client authenticates every new connection with
 * {@code set <any> 0 0 <n>\r\n<user> <password>\r\n} → {@code STORED} before anything else. Without TLS the
 * password crosses the network in clear text.
 *
 * @param username no spaces, colons or control characters, 1..250 bytes
 * @param password no spaces or control characters, 1..250 bytes
 */
public record MemcachedCredentials(String username, String password) {

    public MemcachedCredentials {
        check("username", username, true);
        check("password", password, false);
    }

    private static void check(String what, String value, boolean noColon) {
        Objects.requireNonNull(value, what);
        if (value.isEmpty() || value.length() > 250) {
            throw new IllegalArgumentException("memcached " + what + " must have 1..250 characters");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c <= ' ' || c == 0x7f || (noColon && c == ':')) {
                throw new IllegalArgumentException("memcached " + what + " must not contain spaces, control characters"
                        + (noColon ? " or ':'" : "") + " (character " + i + ")");
            }
        }
    }

    /** Never shows the password. */
    @Override
    public String toString() {
        return "MemcachedCredentials[username=" + username + ", password=***]";
    }
}
