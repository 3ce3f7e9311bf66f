package io.cachette.bench.memcached;

import io.cachette.memcached.BlockingMemcachedClient;
import io.cachette.memcached.MemcachedClient;
import io.cachette.memcached.internal.netty.BlockingIncrement;
import io.cachette.testkit.LocalMemcachedServers;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.unix.Socket;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Where a single caller's blocking round trip goes (issue 20: the near tier's strict read waits for one change-feed
 * head read, {@code ma <head> N0 J0 D0 v}, from an application thread). Measures, one caller at a time, in
 * interleaved rounds (every variant once per round, so a noisy machine shifts them all alike), the latency of:
 * <ul>
 *   <li>{@code raw}: a blocking {@link java.net.Socket} writing the command and reading the reply: the floor;</li>
 *   <li>{@code handoff}: the same socket served by a second thread the caller wakes and waits for (two plain thread
 *       hand-offs, the shape of every asynchronous client);</li>
 *   <li>{@code netty}: a bare Netty epoll channel, {@code writeAndFlush} from the caller, a future completed by the
 *       event loop on the reply (no codec, no client);</li>
 *   <li>{@code netty-direct}: the same channel, but the caller writes to the socket itself and only the reply is
 *       handed over: what removing the write hand-off would buy (an experiment only: a foreign thread's write can
 *       race the event loop closing the descriptor, whose number the kernel may reuse);</li>
 *   <li>{@code ours-incr} and {@code ours-get}: our client, joined through {@link BlockingMemcachedClient};</li>
 *   <li>{@code ours-lane}: our client's blocking lane ({@link BlockingIncrement#incrBlocking}, what the change feed's
 *       head read uses): the caller writes and reads a plain socket of the client's own, Netty only as fallback;</li>
 *   <li>{@code spy-incr}: spymemcached, for comparison.</li>
 * </ul>
 * Talks only to a memcached it starts on a free loopback port ({@code -t 2 -m 64}). Prints per round and variant the
 * median, p90 and mean in µs, then the median of the rounds. Arguments: rounds (default 8), requests per variant and
 * round (default 20,000; 10 to 200,000). Not part of {@code run.sh}: run it alone on a quiet machine, e.g.
 * {@code java -cp "benchmarks/target/classes:$(cat benchmarks/target/benchmark-classpath.txt)"
 * io.cachette.bench.memcached.RoundTripProbe 8 20000}.
 */
public final class RoundTripProbe {

    private static final byte[] HEAD_READ = "ma rtt:head N0 J0 D0 v O1\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final int TIMEOUT_MILLIS = 2_000;
    private static final int MAX_REQUESTS = 200_000;

    @FunctionalInterface
    private interface Call {
        void run() throws Exception;
    }

    private RoundTripProbe() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 8;
        int requests = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
        probe(rounds, requests, System.out);
    }

    /**
     * Starts the server, measures and prints to {@code out}.
     *
     * @return per variant, the median over the rounds of its median, p90 and mean in µs
     */
    static Map<String, double[]> probe(int rounds, int requests, PrintStream out) throws Exception {
        if (rounds < 1 || requests < 10 || requests > MAX_REQUESTS) {
            throw new IllegalArgumentException("rounds must be at least 1 and requests in 10.." + MAX_REQUESTS);
        }
        try (LocalMemcachedServers servers = LocalMemcachedServers.start(1, "-t", "2", "-m", "64")) {
            InetSocketAddress address = new InetSocketAddress(LocalMemcachedServers.HOST, servers.port(0));
            List<AutoCloseable> resources = new ArrayList<>();
            try {
                return measureAll(calls(address, resources), rounds, requests, out);
            } finally {
                for (int i = resources.size() - 1; i >= 0; i--) {
                    resources.get(i).close();
                }
            }
        }
    }

    private static Map<String, Call> calls(InetSocketAddress address, List<AutoCloseable> resources)
            throws Exception {
        Map<String, Call> calls = new LinkedHashMap<>();

        RawSocket raw = new RawSocket(address);
        resources.add(raw);
        calls.put("raw", raw::roundTrip);

        HandOff handOff = new HandOff(new RawSocket(address));
        resources.add(handOff);
        calls.put("handoff", handOff::roundTrip);

        if (Epoll.isAvailable()) {
            BareNetty netty = new BareNetty(address);
            resources.add(netty);
            calls.put("netty", netty::roundTrip);
            calls.put("netty-direct", netty::directRoundTrip);
        }

        MemcachedClient ours = MemcachedClient.builder()
                .servers(address.getHostString() + ":" + address.getPort())
                .operationTimeout(Duration.ofMillis(TIMEOUT_MILLIS))
                .build();
        resources.add(ours);
        BlockingMemcachedClient blocking = new BlockingMemcachedClient(ours);
        blocking.set("rtt:item", "0123456789".getBytes(StandardCharsets.US_ASCII), 0, 0);
        calls.put("ours-incr", () -> BlockingMemcachedClient.join(ours.incr("rtt:head", 0, 0, 0)));
        calls.put("ours-get", () -> BlockingMemcachedClient.join(ours.get("rtt:item")));
        BlockingIncrement lane = (BlockingIncrement) ours;
        calls.put("ours-lane", () -> lane.incrBlocking("rtt:head", 0, 0, 0));

        net.spy.memcached.MemcachedClient spy = new net.spy.memcached.MemcachedClient(address);
        resources.add(() -> spy.shutdown(1, TimeUnit.SECONDS));
        calls.put("spy-incr", () -> spy.incr("rtt:head", 0, 0));
        return calls;
    }

    private static Map<String, double[]> measureAll(Map<String, Call> calls, int rounds, int requests,
                                                    PrintStream out) throws Exception {
        Map<String, List<double[]>> measured = new LinkedHashMap<>();
        for (int round = -1; round < rounds; round++) {
            StringBuilder line = new StringBuilder(round < 0 ? "warm-up" : String.format(Locale.ROOT, "round %d", round));
            for (Map.Entry<String, Call> call : calls.entrySet()) {
                double[] figures = measure(call.getValue(), requests);
                if (round >= 0) {
                    measured.computeIfAbsent(call.getKey(), k -> new ArrayList<>()).add(figures);
                }
                line.append(String.format(Locale.ROOT, "  %s %.1f/%.1f/%.1f", call.getKey(), figures[0], figures[1],
                        figures[2]));
            }
            out.println(line);
        }
        out.println();
        out.println("| variant | median µs | p90 µs | mean µs |  (median over " + rounds + " rounds of "
                + requests + " requests)");
        out.println("|---|---:|---:|---:|");
        Map<String, double[]> summary = new LinkedHashMap<>();
        for (Map.Entry<String, List<double[]>> variant : measured.entrySet()) {
            double[] figures = {medianOf(variant.getValue(), 0), medianOf(variant.getValue(), 1),
                    medianOf(variant.getValue(), 2)};
            summary.put(variant.getKey(), figures);
            out.printf(Locale.ROOT, "| %s | %.1f | %.1f | %.1f |%n", variant.getKey(), figures[0], figures[1],
                    figures[2]);
        }
        return summary;
    }

    /** Median, p90 and mean in µs of {@code requests} consecutive calls. */
    private static double[] measure(Call call, int requests) throws Exception {
        long[] nanos = new long[requests];
        for (int i = 0; i < requests; i++) {
            long start = System.nanoTime();
            call.run();
            nanos[i] = System.nanoTime() - start;
        }
        double mean = Arrays.stream(nanos).average().orElse(0) / 1e3;
        Arrays.sort(nanos);
        return new double[] {nanos[requests / 2] / 1e3, nanos[(int) (requests * 0.9)] / 1e3, mean};
    }

    private static double medianOf(List<double[]> rounds, int figure) {
        double[] values = rounds.stream().mapToDouble(r -> r[figure]).sorted().toArray();
        return values[values.length / 2];
    }

    /** A blocking socket: write the head read, read until the {@code VA} line and its value line are in. */
    private static final class RawSocket implements AutoCloseable {
        private final java.net.Socket socket = new java.net.Socket();
        private final OutputStream out;
        private final InputStream in;
        private final byte[] buffer = new byte[4096];

        RawSocket(InetSocketAddress address) throws IOException {
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(TIMEOUT_MILLIS);
            socket.connect(address, TIMEOUT_MILLIS);
            out = socket.getOutputStream();
            in = socket.getInputStream();
        }

        void roundTrip() throws IOException {
            out.write(HEAD_READ);
            int lines = 0;
            while (lines < 2) {
                int n = in.read(buffer);
                if (n < 0) {
                    throw new IOException("memcached closed the connection");
                }
                for (int i = 0; i < n; i++) {
                    if (buffer[i] == '\n') {
                        lines++;
                    }
                }
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    /** A thread that does the raw round trip for the caller: wake it, wait for it. */
    private static final class HandOff implements AutoCloseable {
        private final RawSocket socket;
        private final Thread worker;
        private volatile CompletableFuture<Void> request;
        private volatile boolean running = true;

        HandOff(RawSocket socket) {
            this.socket = socket;
            this.worker = new Thread(this::serve, "round-trip-probe-handoff");
            worker.setDaemon(true);
            worker.start();
        }

        void roundTrip() throws Exception {
            CompletableFuture<Void> done = new CompletableFuture<>();
            request = done;
            LockSupport.unpark(worker);
            done.get(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        }

        private void serve() {
            while (running) {
                CompletableFuture<Void> done = request;
                if (done == null) {
                    LockSupport.park(this);
                    continue;
                }
                request = null;
                try {
                    socket.roundTrip();
                    done.complete(null);
                } catch (IOException e) {
                    done.completeExceptionally(e);
                }
            }
        }

        @Override
        public void close() throws Exception {
            running = false;
            LockSupport.unpark(worker);
            socket.close();
            worker.join(TIMEOUT_MILLIS);
        }
    }

    /** One Netty epoll channel whose handler completes the waiting caller's future once a reply's two lines are in. */
    private static final class BareNetty extends ChannelInboundHandlerAdapter implements AutoCloseable {
        private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        private final Channel channel;
        private final ByteBuffer command = ByteBuffer.allocateDirect(HEAD_READ.length).put(HEAD_READ).flip();
        private volatile CompletableFuture<Void> waiting;
        private int lines;

        BareNetty(InetSocketAddress address) throws InterruptedException {
            channel = new Bootstrap().group(group).channel(EpollSocketChannel.class)
                    .option(ChannelOption.TCP_NODELAY, true)
                    .handler(this)
                    .connect(address).sync().channel();
        }

        void roundTrip() throws Exception {
            CompletableFuture<Void> done = new CompletableFuture<>();
            waiting = done;
            channel.writeAndFlush(Unpooled.wrappedBuffer(HEAD_READ));
            done.get(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        }

        void directRoundTrip() throws Exception {
            CompletableFuture<Void> done = new CompletableFuture<>();
            waiting = done;
            int written = ((Socket) ((EpollSocketChannel) channel).fd()).write(command, 0, HEAD_READ.length);
            if (written != HEAD_READ.length) {
                throw new IOException("short write of " + written + " bytes");
            }
            done.get(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf bytes = (ByteBuf) msg;
            try {
                for (int i = bytes.readerIndex(); i < bytes.writerIndex(); i++) {
                    if (bytes.getByte(i) == '\n' && ++lines == 2) {
                        lines = 0;
                        waiting.complete(null);
                    }
                }
            } finally {
                bytes.release();
            }
        }

        @Override
        public void close() throws InterruptedException {
            channel.close().sync();
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }
}
