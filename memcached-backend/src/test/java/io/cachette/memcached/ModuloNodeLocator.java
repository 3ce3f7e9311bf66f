package io.cachette.memcached;

import io.cachette.memcached.routing.NodeLocator;

import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;

/**
 * A trivial test-only locator: key hash modulo the server count, failing over to the following servers.
 * Lets client tests pick which server a key lands on without depending on the ketama ring.
 */
public final class ModuloNodeLocator implements NodeLocator {

    private final List<ServerAddress> servers;

    public ModuloNodeLocator(List<ServerAddress> servers) {
        this.servers = List.copyOf(servers);
    }

    @Override
    public List<ServerAddress> servers() {
        return servers;
    }

    @Override
    public ServerAddress locate(byte[] key) {
        return servers.get(Math.floorMod(Arrays.hashCode(key), servers.size()));
    }

    @Override
    public ServerAddress locate(byte[] key, Predicate<ServerAddress> usable) {
        int first = Math.floorMod(Arrays.hashCode(key), servers.size());
        for (int i = 0; i < servers.size(); i++) {
            ServerAddress candidate = servers.get((first + i) % servers.size());
            if (usable.test(candidate)) {
                return candidate;
            }
        }
        return null;
    }
}
