package io.cachette.micrometer.autoconfigure;

import io.cachette.memcached.MemcachedClient;
import io.cachette.memcached.ServerAddress;
import io.cachette.memcached.ServerState;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.cache.CacheManager;

/**
 * The health of the memcached servers behind the application's Cachette caches: {@code UP} while at least one
 * server answers, {@code DOWN} when none does (the caches then carry on as misses and dropped writes, so nothing
 * else would show it), {@code UNKNOWN} before any memcached cache exists. Each check asks every server the client
 * routes to for its {@code stats}, all at once, and waits at most one second for the answers, so a server that
 * stopped answering without closing its connections (a paused process) shows too. Details: each server as
 * {@code UP}, {@code DOWN} (the client marked it down) or {@code NOT_ANSWERING}.
 */
final class CachetteMemcachedHealthIndicator implements HealthIndicator {

    /** The longest a check waits for the servers' answers ({@code stats} itself may take the admin timeout). */
    private static final long PROBE_WAIT_MILLIS = 1_000;

    private final ObjectProvider<CacheManager> cacheManagers;

    CachetteMemcachedHealthIndicator(ObjectProvider<CacheManager> cacheManagers) {
        this.cacheManagers = cacheManagers;
    }

    @Override
    public Health health() {
        List<MemcachedClient> clients = CachetteManagers.clients(CachetteManagers.of(cacheManagers));
        if (clients.isEmpty()) {
            return Health.unknown().withDetail("servers", "no Cachette cache on memcached yet").build();
        }
        Map<ServerAddress, CompletableFuture<?>> probes = new LinkedHashMap<>();
        Map<ServerAddress, ServerState> states = new LinkedHashMap<>();
        for (MemcachedClient client : clients) {
            for (ServerAddress server : client.servers()) {
                ServerState state = client.metrics(server).state();
                states.put(server, state);
                if (state == ServerState.UP) {
                    probes.put(server, client.stats(server));
                }
            }
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(PROBE_WAIT_MILLIS);
        Map<String, String> servers = new LinkedHashMap<>();
        List<String> answering = new ArrayList<>();
        states.forEach((server, state) -> {
            String status = state != ServerState.UP ? state.name()
                    : answered(probes.get(server), deadline) ? "UP" : "NOT_ANSWERING";
            servers.put(server.toString(), status);
            if (status.equals("UP")) {
                answering.add(server.toString());
            }
        });
        Health.Builder health = answering.isEmpty() ? Health.down() : Health.up();
        return health.withDetail("servers", servers)
                .withDetail("answering", answering.size() + " of " + servers.size())
                .build();
    }

    private static boolean answered(CompletableFuture<?> probe, long deadlineNanos) {
        try {
            probe.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (Exception e) {
            return false;
        }
    }
}
