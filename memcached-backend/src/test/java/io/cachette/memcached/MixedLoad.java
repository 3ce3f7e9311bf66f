package io.cachette.memcached;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;

/**
 * A bounded, seeded mixed load (get / set / delete / get-then-CAS) on several threads that checks every answer
 * while faults happen around it. Each thread owns its keys and versions every write, so a read is checked
 * against what the thread knows: it must show the last acknowledged write or a later attempted one, never an
 * older value, another key's value or a value that was never written (a value is lost only where a test allows
 * it, e.g. after a server restart). Every failure must be a {@link MemcachedException}; an operation that does
 * not complete within a generous bound counts as a hang. Results are counted per server.
 */
final class MixedLoad implements AutoCloseable {

    private static final int KEYS_PER_THREAD = 40;
    private static final long HANG_SECONDS = 30;

    private final MemcachedClient client;
    private final List<ServerAddress> servers;
    private final List<Thread> threads = new ArrayList<>();
    private final List<String> violations = new CopyOnWriteArrayList<>();
    private final Map<ServerAddress, LongAdder> successes = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> failures = new ConcurrentHashMap<>();
    private final Set<ServerAddress> lossAllowed = ConcurrentHashMap.newKeySet();
    private final AtomicLong operations = new AtomicLong();
    private final long maxOperationsPerThread;
    private volatile boolean stopped;

    MixedLoad(MemcachedClient client, int threadCount, long seed, long maxOperationsPerThread) {
        this.client = client;
        this.servers = client.servers();
        this.maxOperationsPerThread = maxOperationsPerThread;
        for (ServerAddress server : servers) {
            successes.put(server, new LongAdder());
        }
        SplittableRandom seeds = new SplittableRandom(seed);
        for (int t = 0; t < threadCount; t++) {
            SplittableRandom random = seeds.split();
            int id = t;
            Thread thread = new Thread(() -> run(id, random), "mixed-load-" + t);
            thread.setDaemon(true);
            threads.add(thread);
        }
    }

    MixedLoad start() {
        threads.forEach(Thread::start);
        return this;
    }

    /** From now on a read may find nothing under keys of {@code server} (it was restarted empty). */
    void allowLoss(ServerAddress server) {
        lossAllowed.add(server);
    }

    /** Successful operations on keys of {@code server} so far. */
    long successes(ServerAddress server) {
        return successes.get(server).sum();
    }

    /** Failures as {@code "<server> <exception simple name>"} → count. */
    Map<String, Long> failures() {
        Map<String, Long> copy = new java.util.TreeMap<>();
        failures.forEach((k, v) -> copy.put(k, v.sum()));
        return copy;
    }

    /** Failures on keys of servers other than {@code server}. */
    long failuresElsewhere(ServerAddress server) {
        return failures.entrySet().stream().filter(e -> !e.getKey().startsWith(server + " "))
                .mapToLong(e -> e.getValue().sum()).sum();
    }

    List<String> violations() {
        return List.copyOf(violations);
    }

    long operations() {
        return operations.get();
    }

    /** Waits (bounded) until {@code server} has {@code more} successes beyond now; false when the load ended. */
    boolean awaitSuccesses(ServerAddress server, long more) throws InterruptedException {
        long target = successes(server) + more;
        return awaitCondition(() -> successes(server) >= target);
    }

    /** Waits (bounded, 60 s) for {@code condition} while the load runs. */
    boolean awaitCondition(BooleanSupplier condition) throws InterruptedException {
        for (int i = 0; i < 6_000 && !condition.getAsBoolean(); i++) {
            if (threads.stream().noneMatch(Thread::isAlive)) {
                break;
            }
            Thread.sleep(10);
        }
        return condition.getAsBoolean();
    }

    /** Stops the threads and waits for them (bounded). */
    @Override
    public void close() throws InterruptedException {
        stopped = true;
        for (Thread thread : threads) {
            thread.join(TimeUnit.SECONDS.toMillis(HANG_SECONDS * 2));
            if (thread.isAlive()) {
                violations.add(thread.getName() + " did not stop: an operation hangs");
            }
        }
    }

    /** What one thread knows about one of its keys. */
    private static final class KeyState {
        long nextVersion = 1;
        long acked;          // version of the last acknowledged write (0: none; the key starts absent)
        boolean ackedDelete = true;
        long lastDeleteAttempt;
    }

    private void run(int id, SplittableRandom random) {
        String[] keys = new String[KEYS_PER_THREAD];
        KeyState[] states = new KeyState[KEYS_PER_THREAD];
        for (int k = 0; k < KEYS_PER_THREAD; k++) {
            keys[k] = "load:" + id + ":" + k + ":" + random.nextInt(1_000_000);
            states[k] = new KeyState();
        }
        for (long n = 0; n < maxOperationsPerThread && !stopped; n++) {
            int k = random.nextInt(KEYS_PER_THREAD);
            String key = keys[k];
            KeyState state = states[k];
            ServerAddress server = client.serverFor(key);
            int op = random.nextInt(10);
            try {
                if (op < 4) {
                    check(key, state, server, await(client.get(key)));
                } else if (op < 7) {
                    long version = state.nextVersion++;
                    await(client.set(key, value(key, version), 0, 0));
                    ack(state, version, false);
                } else if (op < 8) {
                    long version = state.nextVersion++;
                    state.lastDeleteAttempt = version;
                    await(client.delete(key));
                    ack(state, version, true);
                } else {
                    Item item = await(client.get(key));
                    check(key, state, server, item);
                    if (item != null) {
                        long version = state.nextVersion++;
                        WriteResult result = await(client.cas(key, value(key, version), 0, 0, item.cas()));
                        if (result == WriteResult.OK) {
                            ack(state, version, false);
                        }
                    }
                }
                successes.get(server).increment();
            } catch (MemcachedException e) {
                failures.computeIfAbsent(server + " " + e.getClass().getSimpleName(), x -> new LongAdder()).increment();
            } catch (HangException e) {
                violations.add("'" + key + "' on " + server + ": " + e.getMessage());
                return;
            } catch (RuntimeException e) {
                violations.add("'" + key + "' on " + server + ": untyped failure " + e);
            }
            operations.incrementAndGet();
        }
    }

    private static void ack(KeyState state, long version, boolean delete) {
        state.acked = version;
        state.ackedDelete = delete;
    }

    private void check(String key, KeyState state, ServerAddress server, Item item) {
        if (item == null) {
            if (!state.ackedDelete && state.lastDeleteAttempt < state.acked && !lossAllowed.contains(server)) {
                violations.add("'" + key + "' on " + server + ": miss after acknowledged write v" + state.acked);
            }
            return;
        }
        String text = new String(item.value(), StandardCharsets.UTF_8);
        String prefix = key + "=v";
        if (!text.startsWith(prefix)) {
            violations.add("'" + key + "' on " + server + ": foreign value '" + text + "'");
            return;
        }
        long version;
        try {
            version = Long.parseLong(text.substring(prefix.length()));
        } catch (NumberFormatException e) {
            violations.add("'" + key + "' on " + server + ": corrupt value '" + text + "'");
            return;
        }
        if (version >= state.nextVersion) {
            violations.add("'" + key + "' on " + server + ": v" + version + " was never written");
        } else if (version < state.acked && !lossAllowed.contains(server)) {
            violations.add("'" + key + "' on " + server + ": stale v" + version + " after acknowledged v"
                    + state.acked);
        }
    }

    private static byte[] value(String key, long version) {
        return (key + "=v" + version).getBytes(StandardCharsets.UTF_8);
    }

    private static <T> T await(CompletableFuture<T> future) {
        try {
            return future.get(HANG_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new HangException("no completion within " + HANG_SECONDS + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HangException("interrupted");
        }
    }

    /** An operation that never completed. */
    private static final class HangException extends RuntimeException {
        HangException(String message) {
            super(message);
        }
    }
}
