package io.cachette.memcached.internal.netty;

import io.cachette.memcached.MemcachedClientConfig;
import io.cachette.memcached.ServerAddress;
import io.cachette.memcached.internal.meta.MetaArithmetic;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * One plain blocking {@link Socket} to one server on which the calling thread writes a meta arithmetic command and
 * reads its reply itself, without the two thread hand-offs of the Netty path (issue 20: the change-feed head read an
 * application thread waits for; 24 µs instead of 45 µs per round trip on a quiet loopback). Every doubt answers
 * {@code null}, and the caller then does the same call through the Netty path, which keeps the one home of routing,
 * health, failure accounting and typed exceptions:
 * <ul>
 *   <li>one caller at a time: a busy lane is not waited for ({@link ReentrantLock#tryLock});</li>
 *   <li>opened lazily, connect bounded by the connect timeout, each reply by the operation timeout;</li>
 *   <li>only the exact success shape {@code VA <size> O<opaque>\r\n<digits>\r\n}, with this call's opaque and no
 *       byte after it, is an answer; an error line ({@code CLIENT_ERROR}, {@code SERVER_ERROR}, {@code NF}, ...),
 *       anything malformed or longer than {@value #MAX_REPLY} bytes, an I/O error or a timeout closes the socket
 *       (never reused with a reply possibly in flight) and answers {@code null};</li>
 *   <li>after a failed connect or a timeout the lane rests for the longest reconnect delay, so that a server that
 *       hangs costs the Netty path's timeout alone on the calls meanwhile (the call that met the timeout waits for
 *       both), and the Netty path counts them towards mark-down;</li>
 *   <li>the caller sends only commands that may be sent twice (a read-or-create, {@code D0}): a request the lane
 *       wrote may have been executed when its reply fails, and the Netty path then sends it again.</li>
 * </ul>
 * The command is encoded by {@link MetaArithmetic} itself, so the bytes are the Netty path's. Not created with TLS or
 * authentication configured (the Netty path only). The owning {@link ServerNode} drops the socket when the server is
 * marked down and closes the lane with the client. Uses {@code java.net} only, no Netty channel: nothing here can
 * touch a descriptor Netty owns.
 */
final class BlockingLane {

    /** Longest reply accepted: {@code VA 20 O2147483647\r\n} and 20 digits with their line end fit with room. */
    static final int MAX_REPLY = 128;
    /** Digits of the largest unsigned 64-bit value. */
    private static final int MAX_DIGITS = 20;

    private final ServerAddress address;
    private final BooleanSupplier usable;
    private final int connectTimeoutMillis;
    private final int operationTimeoutMillis;
    private final long operationTimeoutNanos;
    private final long restNanos;
    private final ReentrantLock lock = new ReentrantLock();
    private final byte[] reply = new byte[MAX_REPLY];
    private final ByteBuf request = Unpooled.buffer(64);
    private final LongAdder opened = new LongAdder();
    private final LongAdder answered = new LongAdder();
    /** Written under {@link #lock}, read by {@link #drop} and {@link #close} from other threads. */
    private volatile Socket socket;
    private volatile boolean closed;
    private OutputStream out;
    private InputStream in;
    private int nextOpaque = 1;
    private long restUntilNanos;
    private boolean resting;
    private long parsedValue;

    /** @param usable whether the server may be sent to now (up), asked again right before each request */
    BlockingLane(ServerAddress address, MemcachedClientConfig config, BooleanSupplier usable) {
        this.address = address;
        this.usable = usable;
        this.connectTimeoutMillis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, config.connectTimeout().toMillis()));
        this.operationTimeoutMillis = (int) Math.max(1,
                Math.min(Integer.MAX_VALUE, config.operationTimeout().toMillis()));
        this.operationTimeoutNanos = config.operationTimeout().toNanos();
        this.restNanos = config.reconnectMaxDelay().toNanos();
    }

    /**
     * Sends {@code command} and reads its reply on this thread.
     *
     * @return the counter's new value; {@code null} when the lane did not answer (busy, closed, resting, failed,
     *         or any reply but the success shape): then nothing is known and the caller uses the Netty path
     */
    Long call(MetaArithmetic command) {
        if (closed || !lock.tryLock()) {
            return null;
        }
        try {
            if (closed || resting && System.nanoTime() - restUntilNanos < 0) {
                return null;
            }
            resting = false;
            return exchange(command);
        } finally {
            lock.unlock();
        }
    }

    private Long exchange(MetaArithmetic command) {
        Socket s = socket;
        if (s == null || s.isClosed()) {
            s = open();
            if (s == null) {
                return null;
            }
        }
        if (!usable.getAsBoolean()) { // marked down meanwhile (perhaps while this thread connected)
            return null;
        }
        int opaque = nextOpaque;
        nextOpaque = opaque == Integer.MAX_VALUE ? 1 : opaque + 1;
        command.assignOpaque(opaque);
        request.clear();
        command.encode(request);
        long start = System.nanoTime();
        command.deadline(start, operationTimeoutNanos);
        try {
            out.write(request.array(), request.arrayOffset() + request.readerIndex(), request.readableBytes());
            Long value = readReply(s, opaque, start);
            if (value == null) {
                discard(s);
            } else {
                answered.increment();
            }
            return value;
        } catch (SocketTimeoutException e) {
            rest();
            discard(s);
            return null;
        } catch (IOException | RuntimeException e) {
            discard(s);
            return null;
        }
    }

    /** Connects, or rests and answers {@code null}. */
    private Socket open() {
        Socket s = new Socket();
        try {
            s.setTcpNoDelay(true);
            s.setKeepAlive(true);
            s.connect(new InetSocketAddress(address.host(), address.port()), connectTimeoutMillis);
            s.setSoTimeout(operationTimeoutMillis);
            out = s.getOutputStream();
            in = s.getInputStream();
        } catch (IOException | RuntimeException e) {
            rest();
            closeQuietly(s);
            return null;
        }
        opened.increment();
        socket = s;
        if (closed) { // close() may have read the old socket before this one was published
            discard(s);
            return null;
        }
        return s;
    }

    /**
     * Reads the reply to the command with {@code opaque}: its value when it is exactly
     * {@code VA <size> O<opaque>\r\n<size digits>\r\n} and nothing follows, otherwise {@code null}.
     */
    private Long readReply(Socket s, int opaque, long start) throws IOException {
        int length = 0;
        boolean shortened = false;
        try {
            while (true) {
                if (length > 0) { // a split reply: the rest within what is left of the operation timeout
                    long left = TimeUnit.NANOSECONDS.toMillis(operationTimeoutNanos - (System.nanoTime() - start));
                    if (left <= 0) {
                        throw new SocketTimeoutException("reply from " + address + " incomplete");
                    }
                    s.setSoTimeout((int) Math.min(left, operationTimeoutMillis));
                    shortened = true;
                }
                int n = in.read(reply, length, MAX_REPLY - length);
                if (n < 0) {
                    return null; // closed by the server
                }
                length += n;
                switch (parse(length, opaque)) {
                    case DONE:
                        return parsedValue;
                    case BAD:
                        return null;
                    default:
                        if (length == MAX_REPLY) {
                            return null;
                        }
                }
            }
        } finally {
            if (shortened && !s.isClosed()) {
                s.setSoTimeout(operationTimeoutMillis);
            }
        }
    }

    private static final int MORE = 0;
    private static final int BAD = 1;
    private static final int DONE = 2;

    /**
     * Parses {@code reply[0, length)}: {@link #MORE} while the success shape may still complete, {@link #BAD} when it
     * cannot (or bytes follow it), {@link #DONE} with the counter in {@link #parsedValue}.
     */
    private int parse(int length, int opaque) {
        byte[] r = reply;
        int eol = indexOf(r, length, (byte) '\n');
        if (eol < 0) {
            return startsBadly(r, length) ? BAD : MORE;
        }
        int lineEnd = eol - 1; // the '\r'
        if (lineEnd < 3 || r[lineEnd] != '\r' || r[0] != 'V' || r[1] != 'A' || r[2] != ' ') {
            return BAD;
        }
        int i = 3;
        int size = 0;
        while (i < lineEnd && isDigit(r[i]) && i - 3 < 2) {
            size = size * 10 + (r[i] - '0');
            i++;
        }
        if (size < 1 || size > MAX_DIGITS || i + 2 > lineEnd || r[i] != ' ' || r[i + 1] != 'O') {
            return BAD;
        }
        i += 2;
        int opaqueStart = i;
        long echoed = 0;
        while (i < lineEnd && isDigit(r[i]) && i - opaqueStart < 10) {
            echoed = echoed * 10 + (r[i] - '0');
            i++;
        }
        if (i == opaqueStart || i != lineEnd || echoed != opaque) {
            return BAD;
        }
        int valueStart = eol + 1;
        int valueEnd = valueStart + size;
        for (int j = valueStart; j < Math.min(length, valueEnd); j++) {
            if (!isDigit(r[j])) {
                return BAD;
            }
        }
        if (length < valueEnd + 2) {
            return length > valueEnd && r[valueEnd] != '\r' ? BAD : MORE;
        }
        if (length > valueEnd + 2 || r[valueEnd] != '\r' || r[valueEnd + 1] != '\n') {
            return BAD;
        }
        try {
            parsedValue = Long.parseUnsignedLong(new String(r, valueStart, size, StandardCharsets.US_ASCII));
        } catch (NumberFormatException e) {
            return BAD; // over 2^64 - 1
        }
        return DONE;
    }

    /** Whether the first bytes already rule out {@code "VA "}. */
    private static boolean startsBadly(byte[] reply, int length) {
        return length > 0 && reply[0] != 'V' || length > 1 && reply[1] != 'A' || length > 2 && reply[2] != ' ';
    }

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }

    private static int indexOf(byte[] bytes, int to, byte b) {
        for (int i = 0; i < to; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private void rest() {
        resting = true;
        restUntilNanos = System.nanoTime() + restNanos;
    }

    /** Closes {@code s} and forgets it, so that the next call connects anew. */
    private void discard(Socket s) {
        closeQuietly(s);
        if (socket == s) {
            socket = null;
        }
    }

    /**
     * Closes the socket, if any, from any thread (the server was marked down): a call using it fails and answers
     * {@code null}; the next call connects anew.
     */
    void drop() {
        Socket s = socket;
        if (s != null) {
            closeQuietly(s);
        }
    }

    /** Closes the lane for good (the client closes). */
    void close() {
        closed = true;
        drop();
    }

    /** The lock a call holds (tests make the lane busy with it). */
    ReentrantLock lock() {
        return lock;
    }

    /** Whether the lane holds an open socket. */
    boolean connected() {
        Socket s = socket;
        return s != null && !s.isClosed();
    }

    /** How many sockets this lane opened. */
    long opened() {
        return opened.sum();
    }

    /** How many calls this lane answered. */
    long answered() {
        return answered.sum();
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
