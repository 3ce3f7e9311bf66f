package io.cachette.memcached.internal.routing;

import io.cachette.memcached.KetamaKeyFormat;
import io.cachette.memcached.ServerAddress;
import net.spy.memcached.AddrUtil;
import net.spy.memcached.DefaultHashAlgorithm;
import net.spy.memcached.KetamaNodeKeyFormatter;
import net.spy.memcached.KetamaNodeLocator;
import net.spy.memcached.MemcachedNode;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * spymemcached 2.12.3's own ketama ring over our server list, as {@code KetamaConnectionFactory} sets it up: the
 * reference our locator must agree with. Nodes are proxies that only answer {@code getSocketAddress()}, so no
 * connection is ever made.
 */
final class SpymemcachedRing {

    static {
        // as in production (no -ea): spymemcached asserts 160 points per server, which weighted rings break
        SpymemcachedRing.class.getClassLoader().setPackageAssertionStatus("net.spy.memcached", false);
    }

    private final KetamaNodeLocator locator;
    private final Map<MemcachedNode, ServerAddress> serverOf = new HashMap<>();

    SpymemcachedRing(List<ServerAddress> servers, KetamaKeyFormat format, Map<ServerAddress, Integer> weights) {
        List<MemcachedNode> nodes = new ArrayList<>();
        Map<InetSocketAddress, Integer> spyWeights = new HashMap<>();
        for (ServerAddress server : servers) {
            InetSocketAddress address = socketAddress(server, format);
            MemcachedNode node = node(address);
            nodes.add(node);
            serverOf.put(node, server);
            if (!weights.isEmpty()) {
                spyWeights.put(address, weights.getOrDefault(server, 1));
            }
        }
        locator = new KetamaNodeLocator(nodes, DefaultHashAlgorithm.KETAMA_HASH, spyFormat(format), spyWeights);
    }

    SpymemcachedRing(List<ServerAddress> servers, KetamaKeyFormat format) {
        this(servers, format, Map.of());
    }

    /** The server spymemcached picks for {@code key}. */
    ServerAddress primary(String key) {
        return serverOf.get(locator.getPrimary(key));
    }

    /** The server spymemcached picks for the unsigned ring position {@code hash} (its package-private lookup). */
    ServerAddress ownerOfHash(long hash) {
        try {
            Method lookup = KetamaNodeLocator.class.getDeclaredMethod("getNodeForKey", long.class);
            lookup.setAccessible(true);
            return serverOf.get((MemcachedNode) lookup.invoke(locator, hash));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("spymemcached 2.12.3's KetamaNodeLocator.getNodeForKey(long)", e);
        }
    }

    /** spymemcached's point key for {@code server}'s {@code n}th digest. */
    static String pointKey(ServerAddress server, KetamaKeyFormat format, int n) {
        return new KetamaNodeKeyFormatter(spyFormat(format)).getKeyForNode(node(socketAddress(server, format)), n);
    }

    /**
     * The address spymemcached would hold for {@code server}. For {@link KetamaKeyFormat#SPYMEMCACHED} exactly
     * what {@code AddrUtil.getAddresses("host:port")} builds. For {@link KetamaKeyFormat#LIBMEMCACHED} the same
     * for host names; a literal IP keeps its text as host name, as libmemcached hashes it (AddrUtil's address
     * would make spymemcached reverse-resolve it, which only depends on this machine's DNS).
     */
    static InetSocketAddress socketAddress(ServerAddress server, KetamaKeyFormat format) {
        InetSocketAddress viaAddrUtil = AddrUtil.getAddresses(List.of(server.host() + ":" + server.port())).get(0);
        if (format == KetamaKeyFormat.SPYMEMCACHED || !isLiteral(server.host())) {
            return viaAddrUtil;
        }
        try {
            InetAddress named = InetAddress.getByAddress(server.host(), viaAddrUtil.getAddress().getAddress());
            return new InetSocketAddress(named, server.port());
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean isLiteral(String host) {
        return host.indexOf(':') >= 0 || host.chars().allMatch(c -> c == '.' || Character.isDigit(c));
    }

    private static KetamaNodeKeyFormatter.Format spyFormat(KetamaKeyFormat format) {
        return switch (format) {
            case SPYMEMCACHED -> KetamaNodeKeyFormatter.Format.SPYMEMCACHED;
            case LIBMEMCACHED -> KetamaNodeKeyFormatter.Format.LIBMEMCACHED;
        };
    }

    private static MemcachedNode node(InetSocketAddress address) {
        return (MemcachedNode) Proxy.newProxyInstance(SpymemcachedRing.class.getClassLoader(),
                new Class<?>[] {MemcachedNode.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getSocketAddress" -> address;
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    case "toString" -> "node " + address;
                    default -> throw new AssertionError("spymemcached's locator called " + method);
                });
    }
}
