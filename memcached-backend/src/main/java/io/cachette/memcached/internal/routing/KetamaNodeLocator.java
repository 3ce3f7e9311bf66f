package io.cachette.memcached.internal.routing;

import io.cachette.memcached.KetamaKeyFormat;
import io.cachette.memcached.ServerAddress;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Ketama consistent hashing that places every key on the same server as spymemcached's
 * {@code KetamaNodeLocator} (as {@code KetamaConnectionFactory} builds it) or libmemcached's weighted ketama
 * (1.0.x, {@code MEMCACHED_BEHAVIOR_KETAMA_WEIGHTED}) for the same server list, weights and
 * {@link KetamaKeyFormat}. Immutable and thread-safe.
 *
 * <p><b>The ring.</b> Each server hashes its point keys {@code <base>-0}, {@code <base>-1}, … (the base is
 * spelled by the {@link KetamaKeyFormat}, UTF-8) with MD5; each 16-byte digest gives 4 points, its 4-byte groups
 * read as little-endian unsigned 32-bit ints. When two servers hash to the same point, the later server in the
 * list owns it (spymemcached's {@code TreeMap.put} order; libmemcached leaves such ties to {@code qsort}).
 *
 * <p><b>Weights.</b> A weighted ring gives each server {@code 4 * floor((float) (w / W * 160 / 4 * n))} points
 * (w its weight, W the sum, n the number of servers, in {@code float} arithmetic): the formula of libmemcached's
 * {@code update_continuum} and of spymemcached 2.12's weights map, rounding included. Which rings are weighted
 * follows the client each format stands for:
 * <ul>
 *   <li>{@link KetamaKeyFormat#SPYMEMCACHED}: weighted only when weights are given, else 160 points per server,
 *       as spymemcached does (an empty weights map) — so equal weights are not the same as no weights.</li>
 *   <li>{@link KetamaKeyFormat#LIBMEMCACHED}: always weighted, a missing weight counting as 1, as libmemcached's
 *       {@code KETAMA_WEIGHTED} does. Equal weights then give 160 points per server for most n but 156 for some
 *       (25, 47, 50, 55, 61 … servers); spymemcached's {@code Format.LIBMEMCACHED} without weights uses 160 there
 *       and so disagrees with libmemcached itself; we follow libmemcached.</li>
 * </ul>
 *
 * <p><b>Lookup.</b> A key's hash is the first 4 bytes of MD5(key bytes), little-endian, unsigned; its owner is
 * the server of the first point at or after the hash, wrapping to the first point. A binary search over a sorted
 * {@code int[]}: O(log points), and no allocation (the digest is per thread); only a failover walk past an
 * unusable owner allocates (one small array). A ring of one server skips the hash: it owns every key.
 *
 * <p><b>Failover.</b> {@link #locate(byte[], Predicate)} walks the ring clockwise from the key's point to the
 * first usable server: where a ring rebuilt without the unusable servers puts the key, as long as the rebuild
 * leaves the other servers' point counts alone (always with 160 points each; a weighted rebuild resizes every
 * share, so there the walk moves fewer keys than a rebuild would).
 *
 * <p>Construction resolves host names when the format is {@link KetamaKeyFormat#SPYMEMCACHED} and may block on
 * DNS.
 */
public final class KetamaNodeLocator implements NodeLocator {

    /** Points per server without weights (spymemcached's and libmemcached's ketama). */
    static final int POINTS_PER_SERVER = 160;

    private static final int POINTS_PER_DIGEST = 4;

    private final List<ServerAddress> servers;
    private final ServerAddress[] byIndex;
    private final KetamaKeyFormat format;
    private final boolean weighted;
    /** Ring positions, ascending and distinct, each stored as {@code unsigned ^ MIN_VALUE} so signed order works. */
    private final int[] points;
    /** {@code owners[i]}: index in {@link #byIndex} of the server that owns {@code points[i]}. */
    private final int[] owners;

    /**
     * A ring without explicit weights: 160 points per server, or for {@link KetamaKeyFormat#LIBMEMCACHED}
     * libmemcached's formula with weight 1 each (see the class comment).
     *
     * @param servers the ring's servers, in the order the other clients list them (ties go to the later one)
     * @param format how the servers' point keys are spelled
     * @throws IllegalArgumentException when the list is empty or names a server twice
     */
    public KetamaNodeLocator(List<ServerAddress> servers, KetamaKeyFormat format) {
        this(servers, format, Map.of());
    }

    /**
     * A ring whose point counts follow {@code weights} (see the class comment); an empty map means no weights.
     * A server missing from a non-empty map has weight 1 (libmemcached's default); spymemcached itself needs a
     * weight for every server once it has any.
     *
     * @param servers the ring's servers, in the order the other clients list them (ties go to the later one)
     * @param format how the servers' point keys are spelled
     * @param weights positive weight per server; servers not in it weigh 1
     * @throws IllegalArgumentException when the list is empty or names a server twice, two servers spell the
     *         same point keys, a weight is not positive or names a server not in the list, the weights sum past
     *         {@link Integer#MAX_VALUE}, or a weight is so small that its server would get no point at all
     */
    public KetamaNodeLocator(List<ServerAddress> servers, KetamaKeyFormat format, Map<ServerAddress, Integer> weights) {
        Objects.requireNonNull(servers, "servers");
        this.format = Objects.requireNonNull(format, "format");
        Objects.requireNonNull(weights, "weights");
        this.byIndex = checkedServers(servers);
        this.servers = List.of(byIndex);
        this.weighted = !weights.isEmpty() || format == KetamaKeyFormat.LIBMEMCACHED;
        int[] digests = digestsPerServer(byIndex, weighted ? checkedWeights(byIndex, weights) : null);
        String[] bases = pointKeyBases(byIndex, format);

        int total = 0;
        for (int d : digests) {
            total += d * POINTS_PER_DIGEST;
        }
        // high 32 bits: sortable point; low 32 bits: server index, so a tie sorts the later server last
        long[] packed = new long[total];
        int k = 0;
        for (int s = 0; s < byIndex.length; s++) {
            for (int r = 0; r < digests[s]; r++) {
                byte[] digest = Md5.digest((bases[s] + "-" + r).getBytes(StandardCharsets.UTF_8));
                for (int h = 0; h < POINTS_PER_DIGEST; h++) {
                    int point = Md5.littleEndianInt(digest, h * 4);
                    packed[k++] = ((long) (point ^ Integer.MIN_VALUE) << 32) | s;
                }
            }
        }
        Arrays.sort(packed);
        int distinct = 0;
        for (int i = 0; i < packed.length; i++) {
            if (i + 1 == packed.length || (int) (packed[i + 1] >> 32) != (int) (packed[i] >> 32)) {
                distinct++;
            }
        }
        this.points = new int[distinct];
        this.owners = new int[distinct];
        int j = 0;
        for (int i = 0; i < packed.length; i++) {
            if (i + 1 == packed.length || (int) (packed[i + 1] >> 32) != (int) (packed[i] >> 32)) {
                points[j] = (int) (packed[i] >> 32);
                owners[j] = (int) packed[i];
                j++;
            }
        }
    }

    /** @return the point-key format this ring was built with */
    public KetamaKeyFormat format() {
        return format;
    }

    @Override
    public List<ServerAddress> servers() {
        return servers;
    }

    @Override
    public ServerAddress locate(byte[] key) {
        Objects.requireNonNull(key, "key");
        if (byIndex.length == 1) {
            return byIndex[0]; // a ring of one owns every key: no need to hash (MD5 was a fifth of the CPU per get)
        }
        return locateHash(Md5.keyHash(key));
    }

    /** The owner of the unsigned 32-bit ring position {@code hash}. */
    ServerAddress locateHash(int hash) {
        return byIndex[owners[pointIndex(hash)]];
    }

    @Override
    public ServerAddress locate(byte[] key, Predicate<ServerAddress> usable) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(usable, "usable");
        if (byIndex.length == 1) {
            return usable.test(byIndex[0]) ? byIndex[0] : null;
        }
        int start = pointIndex(Md5.keyHash(key));
        ServerAddress owner = byIndex[owners[start]];
        if (usable.test(owner)) {
            return owner;
        }
        return byIndex.length == 1 ? null : walk(start, usable);
    }

    /** The slow path of failover: the ring clockwise from {@code start}, each server asked at most once. */
    private ServerAddress walk(int start, Predicate<ServerAddress> usable) {
        boolean[] asked = new boolean[byIndex.length];
        asked[owners[start]] = true;
        int left = byIndex.length - 1;
        for (int step = 1; step < points.length; step++) {
            int owner = owners[(start + step) % points.length];
            if (!asked[owner]) {
                asked[owner] = true;
                if (usable.test(byIndex[owner])) {
                    return byIndex[owner];
                }
                if (--left == 0) {
                    return null;
                }
            }
        }
        return null;
    }

    /** Index of the first point at or after the unsigned {@code hash}, wrapping to 0. */
    private int pointIndex(int hash) {
        int i = Arrays.binarySearch(points, hash ^ Integer.MIN_VALUE);
        if (i >= 0) {
            return i;
        }
        i = -i - 1;
        return i == points.length ? 0 : i;
    }

    /** How many ring points {@code server} owns (after ties); 0 for a server not in the ring. */
    int pointsOwnedBy(ServerAddress server) {
        int index = servers.indexOf(server);
        int count = 0;
        for (int owner : owners) {
            if (owner == index) {
                count++;
            }
        }
        return count;
    }

    /** The point key of {@code server}'s {@code n}th digest, e.g. {@code 127.0.0.1:11211-0}. */
    static String pointKey(ServerAddress server, KetamaKeyFormat format, int n) {
        return pointKeyBase(server, format) + "-" + n;
    }

    private static String pointKeyBase(ServerAddress server, KetamaKeyFormat format) {
        switch (format) {
            case SPYMEMCACHED: {
                // what spymemcached's AddrUtil builds and KetamaNodeKeyFormatter prints
                String text = String.valueOf(new InetSocketAddress(server.host(), server.port()));
                return text.startsWith("/") ? text.substring(1) : text;
            }
            case LIBMEMCACHED:
                return server.port() == ServerAddress.DEFAULT_PORT
                        ? server.host()
                        : server.host() + ":" + server.port();
            default:
                throw new IllegalArgumentException("unknown ketama key format " + format);
        }
    }

    private static ServerAddress[] checkedServers(List<ServerAddress> servers) {
        if (servers.isEmpty()) {
            throw new IllegalArgumentException("ketama ring needs at least one memcached server; the list is empty");
        }
        ServerAddress[] array = new ServerAddress[servers.size()];
        Map<ServerAddress, Integer> seen = new HashMap<>();
        for (int i = 0; i < array.length; i++) {
            ServerAddress server = Objects.requireNonNull(servers.get(i), () -> "servers contains null");
            Integer before = seen.putIfAbsent(server, i);
            if (before != null) {
                throw new IllegalArgumentException("memcached server " + server + " is listed twice in " + servers);
            }
            array[i] = server;
        }
        return array;
    }

    private static String[] pointKeyBases(ServerAddress[] servers, KetamaKeyFormat format) {
        String[] bases = new String[servers.length];
        Map<String, ServerAddress> seen = new HashMap<>();
        for (int i = 0; i < servers.length; i++) {
            bases[i] = pointKeyBase(servers[i], format);
            ServerAddress before = seen.putIfAbsent(bases[i], servers[i]);
            if (before != null) {
                throw new IllegalArgumentException("memcached servers " + before + " and " + servers[i]
                        + " have the same ketama point keys '" + bases[i] + "-N' in format " + format
                        + "; list the server once");
            }
        }
        return bases;
    }

    /** Each server's weight in list order, 1 when {@code weights} has none for it. */
    private static int[] checkedWeights(ServerAddress[] servers, Map<ServerAddress, Integer> weights) {
        List<ServerAddress> list = Arrays.asList(servers);
        List<ServerAddress> unknown = new ArrayList<>();
        for (Map.Entry<ServerAddress, Integer> e : weights.entrySet()) {
            Integer weight = e.getValue();
            if (weight == null || weight < 1) {
                throw new IllegalArgumentException(
                        "weight of memcached server " + e.getKey() + " must be positive, was " + weight);
            }
            if (!list.contains(e.getKey())) {
                unknown.add(e.getKey());
            }
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException(
                    "weights given for memcached servers " + unknown + " that are not in the list " + list);
        }
        int[] result = new int[servers.length];
        long sum = 0;
        for (int i = 0; i < servers.length; i++) {
            result[i] = weights.getOrDefault(servers[i], 1);
            sum += result[i];
        }
        if (sum > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("memcached server weights sum to " + sum + ", over " + Integer.MAX_VALUE);
        }
        return result;
    }

    /** Digests (4 points each) per server: 40, or with weights libmemcached's formula, float for float. */
    private static int[] digestsPerServer(ServerAddress[] servers, int[] weights) {
        int n = servers.length;
        int[] digests = new int[n];
        if (weights == null) {
            Arrays.fill(digests, POINTS_PER_SERVER / POINTS_PER_DIGEST);
            return digests;
        }
        int total = 0;
        for (int w : weights) {
            total += w;
        }
        for (int i = 0; i < n; i++) {
            float share = (float) weights[i] / (float) total;
            float quarterPoints = share * (float) POINTS_PER_SERVER / (float) POINTS_PER_DIGEST * (float) n;
            digests[i] = (int) Math.floor((float) (quarterPoints + 0.0000000001));
            if (digests[i] == 0) {
                throw new IllegalArgumentException("memcached server " + servers[i] + " with weight " + weights[i]
                        + " of " + total + " would get no ketama point; raise its weight");
            }
        }
        return digests;
    }

    @Override
    public String toString() {
        return "KetamaNodeLocator[" + format + (weighted ? ", weighted" : "") + ", " + byIndex.length
                + (byIndex.length == 1 ? " server, " : " servers, ") + points.length + " points]";
    }
}
