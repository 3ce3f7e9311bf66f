package io.cachette.memcached.store.internal.near;

import io.cachette.memcached.BlockingMemcachedClient;
import io.cachette.memcached.Item;
import io.cachette.memcached.MemcachedClient;
import io.cachette.memcached.MemcachedException;
import io.cachette.memcached.MemcachedServerDownException;
import io.cachette.memcached.ServerAddress;
import io.cachette.memcached.StoreMode;
import io.cachette.memcached.WriteResult;
import io.cachette.memcached.store.internal.CounterValue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;

/**
 * The copies of a change feed's head ({@code near-cache.head-replicas}): with R copies on R servers a
 * reader reads one at random, so the hottest server sees about 1/R of the head reads.
 *
 * <p>Copy 0 is the head itself, {@code <prefix>:!feed}: the authority that hands out positions ({@link ChangeFeed}).
 * Copies 1 to R-1 are {@code <prefix>:!feed#<k>}, plain items holding a position in ASCII, the suffixes {@code k}
 * the first ones whose {@link MemcachedClient#serverFor owner} is a server no earlier copy is on. Every JVM computes
 * the same keys from the same server list (which consistent hashing needs anyway). With fewer servers than R there
 * is one copy per server: R is capped at the number of servers.
 *
 * <p>Why a reader picking any copy cannot miss an acknowledged change: a copy only ever holds a position the head
 * had reached, so it is never ahead of the head (records it covers are written, or being written, as for the head
 * itself). While present, a copy only grows: a writer raises it to at least its own position with compare-and-set
 * ({@link #raise}) before acknowledging the change. A missing copy (evicted, flushed) is created holding
 * {@code 0}, "being placed", which readers treat as missing; whoever then sees {@code 0} reads the head <em>after</em>
 * seeing it and stores the larger of that and its own position. Every change acknowledged before then had advanced
 * the head already, so the placed value covers it; a copy created straight from a writer's own (possibly older)
 * position could hide changes acknowledged meanwhile. So any copy a reader finds present and placed is at least
 * every position acknowledged before the read. A copy more than {@value #MAX_AHEAD} positions ahead of a writer is
 * set from a head read too, so that a head re-created lower than before (a flush, a seeding clock behind) does not
 * leave copies above every new position. A reader treats a missing copy as a gap (near tiers dropped, the
 * position taken from the head, the copy placed again), and a copy smaller than what the same copy showed it
 * before as a gap too ({@link FeedFollower}); a copy smaller than the position applied from another copy is only
 * behind a writer still raising it: everything it covers is applied already.
 */
final class HeadReplicas {

    private static final System.Logger LOG = System.getLogger(HeadReplicas.class.getName());

    /** The most copies {@code near-cache.head-replicas} allows. */
    static final int MAX = 8;
    /** A copy's position when it is absent or still being placed. */
    static final long MISSING = CounterValue.NONE;
    private static final int MAX_SUFFIXES = 1024;
    private static final int MAX_ROUNDS = 32;
    /** How far a copy may be ahead of a writer's position (others' changes meanwhile) before it is doubted. */
    static final long MAX_AHEAD = FeedFollower.MAX_BEHIND;
    private static final byte[] PLACING = {'0'};

    private final MemcachedClient client;
    private final List<String> keys;
    private final LongSupplier head;

    /**
     * @param head reads the head (copy 0), creating it when missing
     */
    HeadReplicas(MemcachedClient client, String headKey, int replicas, LongSupplier head) {
        if (replicas < 1 || replicas > MAX) {
            throw new IllegalArgumentException("head replicas: 1 to " + MAX + ", not " + replicas);
        }
        this.client = client;
        this.keys = place(client, headKey, replicas);
        this.head = head;
    }

    /** The keys of {@code replicas} copies of {@code headKey}, the head first, on distinct servers. */
    static List<String> place(MemcachedClient client, String headKey, int replicas) {
        if (replicas == 1) {
            return List.of(headKey);
        }
        List<String> keys = new ArrayList<>();
        keys.add(headKey);
        int wanted = Math.min(replicas, client.servers().size());
        Set<ServerAddress> used = new HashSet<>();
        used.add(client.serverFor(headKey));
        for (int suffix = 1; keys.size() < wanted && suffix <= MAX_SUFFIXES; suffix++) {
            String key = headKey + "#" + suffix;
            if (used.add(client.serverFor(key))) {
                keys.add(key);
            }
        }
        return List.copyOf(keys);
    }

    /** How many copies, the head included. */
    int count() {
        return keys.size();
    }

    /** The key of copy {@code copy} (0: the head). */
    String key(int copy) {
        return keys.get(copy);
    }

    /** Starts reading copies 1 to R-1 with their CAS, for a {@link #raise} once the writer's record is stored. */
    List<CompletableFuture<Item>> startReads() {
        if (keys.size() == 1) {
            return List.of();
        }
        List<CompletableFuture<Item>> reads = new ArrayList<>(keys.size() - 1);
        for (int copy = 1; copy < keys.size(); copy++) {
            reads.add(client.get(keys.get(copy)));
        }
        return reads;
    }

    /**
     * The position copy {@code copy} (1 to R-1) holds, {@link #MISSING} when absent or being placed.
     *
     * @throws MemcachedException when its server fails
     */
    long read(int copy) {
        Item item = BlockingMemcachedClient.join(client.get(keys.get(copy)));
        return item == null ? MISSING : position(item.value());
    }

    /**
     * Raises copies 1 to R-1 to at least {@code position}, all at once (one compare-and-set round trip when nobody
     * else raises them meanwhile), starting from the {@code reads} of {@link #startReads}. A copy that cannot be
     * raised is deleted, so that readers see a gap instead of a copy that may be behind.
     */
    void raise(long position, List<CompletableFuture<Item>> reads) {
        List<Integer> copies = new ArrayList<>(reads.size());
        for (int copy = 1; copy <= reads.size(); copy++) {
            copies.add(copy);
        }
        raise(position, copies, reads);
    }

    /** Raises copy {@code copy} alone to at least {@code position} (a reader placing a missing copy). */
    void raise(int copy, long position) {
        raise(position, List.of(copy), List.of(client.get(keys.get(copy))));
    }

    /** Rounds of: wait for the reads, send the writes, wait for them, read again the copies someone else changed. */
    private void raise(long position, List<Integer> copies, List<CompletableFuture<Item>> reads) {
        List<Integer> open = new ArrayList<>(copies);
        List<CompletableFuture<Item>> current = new ArrayList<>(reads);
        for (int round = 0; round < MAX_ROUNDS && !open.isEmpty(); round++) {
            List<Integer> read = new ArrayList<>(open.size());
            List<Item> items = new ArrayList<>(open.size());
            boolean needHead = false;
            for (int i = 0; i < open.size(); i++) {
                try {
                    Item item = BlockingMemcachedClient.join(current.get(i));
                    read.add(open.get(i));
                    items.add(item);
                    needHead |= item != null && doubtful(position(item.value()), position);
                } catch (MemcachedException e) {
                    abandon(open.get(i), e);
                }
            }
            long target = position;
            if (needHead) {
                try {
                    target = Math.max(position, head.getAsLong()); // read after seeing the doubtful copy
                } catch (MemcachedException e) {
                    target = MISSING; // it stays "being placed" (a gap for readers) until someone can read the head
                }
            }
            List<Integer> written = new ArrayList<>(read.size());
            List<CompletableFuture<WriteResult>> writes = new ArrayList<>(read.size());
            for (int i = 0; i < read.size(); i++) {
                CompletableFuture<WriteResult> write = write(read.get(i), items.get(i), position, target);
                if (write != null) {
                    written.add(read.get(i));
                    writes.add(items.get(i) == null ? write.thenApply(r -> WriteResult.NOT_STORED) : write);
                }
            }
            open.clear();
            current.clear();
            for (int i = 0; i < written.size(); i++) {
                try {
                    if (BlockingMemcachedClient.join(writes.get(i)) != WriteResult.OK) {
                        open.add(written.get(i)); // created, or changed by someone else: read it again
                        current.add(client.get(keys.get(written.get(i))));
                    }
                } catch (MemcachedException e) {
                    abandon(written.get(i), e);
                }
            }
        }
        for (int copy : open) {
            abandon(copy, new MemcachedException("still contended after " + MAX_ROUNDS + " rounds"));
        }
    }

    /**
     * The write that raises a copy holding {@code item}: {@code add} of "being placed" when absent (then read again),
     * compare-and-set to {@code position}, or to {@code target} (the head read after, at least position) over a
     * {@linkplain #doubtful doubtful} value; {@code null} when nothing is to be written.
     */
    private CompletableFuture<WriteResult> write(int copy, Item item, long position, long target) {
        String key = keys.get(copy);
        if (item == null) {
            return client.store(StoreMode.ADD, key, PLACING, 0, 0, 0);
        }
        long held = position(item.value());
        if (!doubtful(held, position)) {
            return held >= position ? null : client.cas(key, CounterValue.ascii(position), 0, 0, item.cas());
        }
        return target == MISSING || target == held ? null : client.cas(key, CounterValue.ascii(target), 0, 0, item.cas());
    }

    /**
     * Whether a copy holding {@code held} must be set from a head read rather than compared with {@code position}:
     * being placed, or so far ahead that it may be from before the head was re-created lower (a flush, and a clock
     * behind the one that seeded it before); then a writer that skipped it as "already ahead" would leave readers
     * of it behind every new position.
     */
    private static boolean doubtful(long held, long position) {
        return held == MISSING || held - position > MAX_AHEAD;
    }

    /** A copy that could not be raised goes, so that no reader takes it for current. */
    private void abandon(int copy, MemcachedException why) {
        String key = keys.get(copy);
        try {
            BlockingMemcachedClient.join(client.delete(key));
            LOG.log(System.Logger.Level.DEBUG, "feed head copy " + key + " could not be raised (" + why.getMessage()
                    + "): deleted, readers see a gap and place it again");
        } catch (MemcachedException e) {
            // its server does not answer: readers that pick it fail too, and fall back to the head
            LOG.log(why instanceof MemcachedServerDownException ? System.Logger.Level.DEBUG
                    : System.Logger.Level.WARNING, "feed head copy " + key + " could be neither raised ("
                    + why.getMessage() + ") nor deleted (" + e.getMessage() + "); readers that pick it before its"
                    + " server is re-admitted may miss a change");
        }
    }

    /** The position in a copy's bytes, {@link #MISSING} for 0 ("being placed") or anything else. */
    static long position(byte[] value) {
        return CounterValue.parse(value);
    }

    @Override
    public String toString() {
        return "HeadReplicas" + keys;
    }
}
