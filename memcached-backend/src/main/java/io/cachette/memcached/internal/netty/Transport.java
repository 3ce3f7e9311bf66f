package io.cachette.memcached.internal.netty;

import io.netty.channel.IoHandlerFactory;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;

import java.lang.System.Logger.Level;

/**
 * The socket layer under the client's connections: Netty's native Linux epoll where it loads, Java NIO elsewhere.
 * Epoll spends less kernel and JVM time per request than NIO's selector (edge-triggered readiness, no selected-key
 * sets, an eventfd to wake the loop), which is most of a pipelined client's own cost; NIO keeps the client working on
 * every other platform and when the native library is left out or cannot load.
 *
 * @param name           {@code epoll} or {@code nio}
 * @param ioHandlers     the event loops' I/O handler
 * @param socketChannels the connections' channel type
 */
record Transport(String name, IoHandlerFactory ioHandlers, Class<? extends SocketChannel> socketChannels) {

    private static final System.Logger LOG = System.getLogger(Transport.class.getName());

    static final Transport NIO = new Transport("nio", NioIoHandler.newFactory(), NioSocketChannel.class);

    /** Epoll when {@code nativeWanted} and the native library loads here, otherwise NIO. */
    static Transport choose(boolean nativeWanted) {
        if (!nativeWanted) {
            return NIO;
        }
        try {
            if (Epoll.isAvailable()) {
                return NativeEpoll.TRANSPORT;
            }
            LOG.log(Level.DEBUG, "native epoll unavailable, the memcached client uses Java NIO: {0}",
                    String.valueOf(Epoll.unavailabilityCause()));
        } catch (LinkageError e) {
            // netty-transport-classes-epoll left out of the class path
            LOG.log(Level.DEBUG, "native epoll classes missing, the memcached client uses Java NIO: {0}", e);
        }
        return NIO;
    }

    /** Loaded only once epoll is known to be there. */
    private static final class NativeEpoll {
        static final Transport TRANSPORT =
                new Transport("epoll", EpollIoHandler.newFactory(), EpollSocketChannel.class);
    }
}
