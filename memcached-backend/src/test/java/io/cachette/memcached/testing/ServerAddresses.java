package io.cachette.memcached.testing;

import io.cachette.memcached.ServerAddress;
import io.cachette.testkit.MemcachedServers;

import java.util.List;

/** The servers of the shared fixture as the client's {@link ServerAddress}es (the test kit knows no client type). */
public final class ServerAddresses {

    private ServerAddresses() {
    }

    /** Every server of {@code servers}, in index order. */
    public static List<ServerAddress> of(MemcachedServers servers) {
        return servers.hostPorts().stream().map(ServerAddress::parse).toList();
    }
}
