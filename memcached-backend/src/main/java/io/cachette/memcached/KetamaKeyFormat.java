package io.cachette.memcached;

/**
 * How a server's ketama point keys are spelled: the strings {@code <base>-N} (N = 0, 1, …) whose MD5 digests
 * place the server on the ring. Clients that share a memcached cluster find the same key on the same server
 * only when they hash the same point keys, so pick the format of the other clients of the cluster.
 */
public enum KetamaKeyFormat {

    /**
     * spymemcached's default ({@code KetamaConnectionFactory}, {@code KetamaNodeKeyFormatter.Format.SPYMEMCACHED}):
     * {@code String.valueOf(new InetSocketAddress(host, port))} without its leading {@code /}, so
     * {@code 127.0.0.1:11211-0} for a literal address and {@code localhost/127.0.0.1:11211-0} for a host name
     * (which is resolved once, when the ring is built: the ring then depends on DNS, as spymemcached's does).
     * On Java 14+ an IPv6 address is written in brackets ({@code [0:0:0:0:0:0:0:1]:11211-0}); an unresolvable
     * name gives {@code name/<unresolved>:11211-0}. Shared with spymemcached (its default since 2.x).
     */
    SPYMEMCACHED,

    /**
     * libmemcached's weighted ketama ({@code MEMCACHED_BEHAVIOR_KETAMA_WEIGHTED}): the host exactly as configured,
     * {@code host-N}, or {@code host:port-N} when the port is not 11211 ({@code 10.0.0.1-0},
     * {@code cache1:11212-0}). Shared with the C/C++ clients on libmemcached, PHP's {@code memcached} extension
     * with {@code Memcached::OPT_LIBKETAMA_COMPATIBLE}, pylibmc with {@code "ketama_weighted"}, and
     * spymemcached's {@code Format.LIBMEMCACHED} for host names (for a literal IP spymemcached uses the
     * reverse-DNS name instead; we, like libmemcached, use the address as written). Not compatible with
     * libmemcached's plain {@code MEMCACHED_BEHAVIOR_KETAMA} (100 points, one-at-a-time hash).
     */
    LIBMEMCACHED
}
