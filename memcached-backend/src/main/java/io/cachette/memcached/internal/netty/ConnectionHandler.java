package io.cachette.memcached.internal.netty;

import io.cachette.memcached.MemcachedException;
import io.cachette.memcached.MemcachedProtocolException;
import io.cachette.memcached.MemcachedServerDownException;
import io.cachette.memcached.MemcachedTimeoutException;
import io.cachette.memcached.internal.meta.MetaCommand;
import io.cachette.memcached.internal.meta.MetaReply;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.DecoderException;
import io.netty.util.concurrent.ScheduledFuture;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;

/**
 * One pipelined connection: callers on any thread {@link #send} commands; a single drain task on the event loop
 * encodes everything queued into one buffer and flushes once (batching under load, no per-command thread hop,
 * buffer or pipeline pass; the handler is the channel's encoder); replies are
 * matched in order to the commands in flight, whose opaque tokens prove the stream is in step. A periodic scan
 * fails commands past their deadline (they stay in flight to swallow their late replies). Malformed input or an
 * unsolicited reply closes this connection only, failing its in-flight commands.
 * <p>
 * All state except the pending queue is confined to the event loop.
 */
final class ConnectionHandler extends ChannelInboundHandlerAdapter {

    /** What the owner of a connection learns from it. Called on the event loop. */
    public interface Listener {
        /** A command got its final reply (errors included), just before its future completes. */
        void completed(MetaCommand command, boolean errorReply);

        /** A command timed out, just before its future fails. */
        void timedOut(MetaCommand command);

        /**
         * The connection closed; {@code unexpected} when the peer or the network closed it (not the client after a
         * protocol error, a mark-down or close()).
         */
        void closed(ConnectionHandler connection, boolean unexpected);
    }

    private static final Listener NO_LISTENER = new Listener() {
        @Override
        public void completed(MetaCommand command, boolean errorReply) {
        }

        @Override
        public void timedOut(MetaCommand command) {
        }

        @Override
        public void closed(ConnectionHandler connection, boolean unexpected) {
        }
    };

    /** Initial size of a batch buffer: about twenty small commands. */
    private static final int BATCH_INITIAL_BYTES = 1024;
    /** A batch buffer this full is written and the next command starts a new one. */
    private static final int BATCH_BYTES = 64 * 1024;

    private final String name;
    private final LongSupplier ticker;
    private final long defaultTimeoutNanos;
    private final long scanIntervalNanos;
    private volatile Listener listener = NO_LISTENER;
    private final Queue<MetaCommand> pending = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private final ArrayDeque<MetaCommand> inflight = new ArrayDeque<>();
    private final Runnable drainTask = this::drain;
    private final MetaCommand.Observer observer = (command, errorReply) -> listener.completed(command, errorReply);
    private volatile Channel channel;
    private volatile boolean closed;
    private ChannelHandlerContext ctx;
    private MemcachedException closeCause;
    private ScheduledFuture<?> scan;
    private int nextOpaque;

    /**
     * @param name           the server, for messages
     * @param timeoutNanos   default reply timeout of a command
     */
    public ConnectionHandler(String name, long timeoutNanos) {
        this(name, timeoutNanos, System::nanoTime);
    }

    /** With an injected nanosecond ticker, so tests decide when deadlines pass. */
    ConnectionHandler(String name, long timeoutNanos, LongSupplier ticker) {
        this.name = name;
        this.ticker = ticker;
        this.defaultTimeoutNanos = timeoutNanos;
        this.scanIntervalNanos = Math.max(TimeUnit.MILLISECONDS.toNanos(1),
                Math.min(timeoutNanos / 10, TimeUnit.MILLISECONDS.toNanos(50)));
    }

    /** Sets who hears about completions, timeouts and the close. */
    public void listener(Listener listener) {
        this.listener = listener;
    }

    /** Whether the connection is open and not closing. */
    public boolean isActive() {
        Channel ch = channel;
        return !closed && ch != null && ch.isActive();
    }

    /** Commands written and not yet fully answered. Event loop only (tests read it via the loop). */
    int inflightCount() {
        return inflight.size();
    }

    /** Queues {@code command} with the default timeout. Any thread. */
    public void send(MetaCommand command) {
        send(command, defaultTimeoutNanos);
    }

    /** Queues {@code command}; it fails with {@link MemcachedTimeoutException} if unanswered after the timeout. */
    public void send(MetaCommand command, long timeoutNanos) {
        command.deadline(ticker.getAsLong(), timeoutNanos);
        Channel ch = channel;
        if (closed || ch == null) {
            command.fail(new MemcachedServerDownException("connection to " + name + " is closed"));
            return;
        }
        pending.add(command);
        if (drainScheduled.compareAndSet(false, true)) {
            try {
                ch.eventLoop().execute(drainTask);
            } catch (RejectedExecutionException e) {
                drainScheduled.set(false);
                failPending(new MemcachedException("memcached client is shut down"));
            }
        }
    }

    /**
     * Encodes everything queued into as few pooled buffers as it takes (a new one past {@link #BATCH_BYTES}),
     * writes them and flushes once: one write system call for the batch, no buffer or pipeline pass per command.
     */
    private void drain() {
        drainScheduled.set(false);
        ByteBuf batch = null;
        boolean wrote = false;
        MetaCommand command;
        while ((command = pending.poll()) != null) {
            if (closed || ctx == null || !ctx.channel().isActive()) {
                command.fail(closeCause != null ? closeCause
                        : new MemcachedServerDownException("connection to " + name + " is closed"));
                continue;
            }
            if (command.isDone()) {
                continue;
            }
            int count = command.opaqueCount();
            if (nextOpaque > Integer.MAX_VALUE - count - 1) {
                nextOpaque = 0;
            }
            command.assignOpaque(nextOpaque);
            nextOpaque += Math.max(count, 0);
            if (batch == null) {
                batch = ctx.alloc().ioBuffer(BATCH_INITIAL_BYTES);
            }
            int mark = batch.writerIndex();
            try {
                command.encode(batch);
            } catch (RuntimeException e) {
                batch.writerIndex(mark); // nothing of a command that cannot be encoded goes on the wire
                command.fail(new MemcachedException("cannot encode '" + command.describe() + "': " + e, e));
                continue;
            }
            command.observer(observer);
            inflight.add(command);
            if (batch.readableBytes() >= BATCH_BYTES) {
                ctx.write(batch, ctx.voidPromise());
                batch = null;
                wrote = true;
            }
        }
        if (batch != null) {
            if (batch.isReadable()) {
                ctx.write(batch, ctx.voidPromise());
                wrote = true;
            } else {
                batch.release();
            }
        }
        if (wrote) {
            ctx.flush();
        }
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        this.channel = ctx.channel();
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        scan = ctx.executor().scheduleAtFixedRate(this::expire, scanIntervalNanos, scanIntervalNanos,
                TimeUnit.NANOSECONDS);
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof MetaReply reply)) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (closed) {
            return;
        }
        MetaCommand head = inflight.peek();
        if (head == null) {
            protocolFailure(new MemcachedProtocolException("unsolicited reply '" + reply + "' from " + name));
            return;
        }
        boolean done;
        try {
            done = head.onReply(reply);
        } catch (MemcachedProtocolException e) {
            protocolFailure(new MemcachedProtocolException(e.getMessage() + " (from " + name + ")", e));
            return;
        }
        if (done) {
            inflight.poll();
            if (head.hasDataBlock() && (reply.code() == MetaReply.Code.CLIENT_ERROR
                    || reply.code() == MetaReply.Code.ERROR)) {
                // the server may be reading the data block as commands: its answers would land on later commands
                protocolFailure(new MemcachedProtocolException("'" + head.describe() + "' was refused with '"
                        + reply + "' by " + name + "; the server may have read its data block as commands, so the "
                        + "connection is reset"));
            }
        }
    }

    /** Fails commands past their deadline, oldest first. Event loop only. */
    void expire() {
        long now = ticker.getAsLong();
        for (MetaCommand command : inflight) {
            if (command.expired()) {
                continue;
            }
            if (now - command.deadlineNanos() < 0) {
                break;
            }
            command.markExpired();
            listener.timedOut(command);
            command.fail(new MemcachedTimeoutException("'" + command.describe() + "' got no reply from " + name
                    + " within " + TimeUnit.NANOSECONDS.toMillis(command.timeoutNanos()) + " ms"));
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Throwable root = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
        if (root instanceof MemcachedProtocolException protocol) {
            protocolFailure(new MemcachedProtocolException(protocol.getMessage() + " (from " + name + ")", protocol));
        } else {
            // I/O error: the close that follows is the peer's or the network's doing
            ctx.close();
        }
    }

    /**
     * Closes the connection deliberately; in-flight and queued commands fail with {@code cause}. Any thread;
     * always runs as a separate event-loop task, so a caller that is itself iterating commands (a listener
     * callback) finishes first.
     */
    public void close(MemcachedException cause) {
        Channel ch = channel;
        if (ch == null) {
            return;
        }
        try {
            ch.eventLoop().execute(() -> closeNow(cause));
        } catch (RejectedExecutionException e) {
            ch.close();
        }
    }

    /**
     * Retires the connection after its server was marked down: in-flight and queued commands fail with
     * {@code cause} at once, nothing more is sent, and the client half-closes its side, so a stalled server that
     * resumes still executes what it had received and then closes the connection itself. {@link #closed()}
     * completes then (or after {@code graceMillis}, when the connection is closed by force): a server's old
     * connections are closed before its re-admission flush, so no write sent before the outage lands after it.
     * Any thread.
     */
    public void retire(MemcachedException cause, long graceMillis) {
        Channel ch = channel;
        if (ch == null) {
            return;
        }
        try {
            ch.eventLoop().execute(() -> {
                failWith(cause);
                if (ch.isActive() && ch instanceof DuplexChannel duplex) {
                    duplex.shutdownOutput();
                    ch.eventLoop().schedule(() -> ch.close(), graceMillis, TimeUnit.MILLISECONDS);
                } else {
                    ch.close();
                }
            });
        } catch (RejectedExecutionException e) {
            ch.close();
        }
    }

    /** Completes when the connection is closed (at once when it never opened). */
    public CompletableFuture<Void> closed() {
        CompletableFuture<Void> result = new CompletableFuture<>();
        Channel ch = channel;
        if (ch == null) {
            result.complete(null);
        } else {
            ch.closeFuture().addListener(f -> result.complete(null));
        }
        return result;
    }

    private void protocolFailure(MemcachedProtocolException failure) {
        closeNow(failure);
    }

    private void closeNow(MemcachedException cause) {
        Channel ch = channel;
        if (ch.eventLoop().inEventLoop()) {
            failWith(cause);
            ch.close();
        }
    }

    /** Fails every command in flight or queued with the first close cause ({@code cause} unless one was set). */
    private void failWith(MemcachedException cause) {
        if (closeCause == null) {
            closeCause = cause;
        }
        failAll(closeCause);
    }

    /** Waits until the channel is closed or {@code deadlineNanos} passed. */
    public void awaitClosed(long deadlineNanos) {
        Channel ch = channel;
        if (ch != null) {
            ch.closeFuture().awaitUninterruptibly(Math.max(0, deadlineNanos - ticker.getAsLong()),
                    TimeUnit.NANOSECONDS);
        }
    }

    /** Closes once nothing is in flight or at {@code deadlineNanos}, whichever comes first. Any thread. */
    public void closeWhenIdle(long deadlineNanos, MemcachedException cause) {
        Channel ch = channel;
        if (ch == null) {
            return;
        }
        try {
            ch.eventLoop().execute(() -> closeWhenIdleOnLoop(deadlineNanos, cause));
        } catch (RejectedExecutionException e) {
            ch.close();
        }
    }

    private void closeWhenIdleOnLoop(long deadlineNanos, MemcachedException cause) {
        drain();
        if ((inflight.isEmpty() && pending.isEmpty()) || ticker.getAsLong() - deadlineNanos >= 0 || !isActive()) {
            closeNow(cause);
        } else {
            channel.eventLoop().schedule(() -> closeWhenIdleOnLoop(deadlineNanos, cause), 5, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        boolean unexpected = closeCause == null;
        if (unexpected) {
            closeCause = new MemcachedServerDownException("connection to " + name + " was lost");
        }
        listener.closed(this, unexpected); // first, so the server's state is settled when the futures fail
        failAll(closeCause);
        ctx.fireChannelInactive();
    }

    private void failAll(MemcachedException cause) {
        closed = true;
        if (scan != null) {
            scan.cancel(false);
        }
        MetaCommand command;
        while ((command = inflight.poll()) != null) {
            command.fail(cause);
        }
        failPending(cause);
    }

    private void failPending(MemcachedException cause) {
        MetaCommand command;
        while ((command = pending.poll()) != null) {
            command.fail(cause);
        }
    }

    @Override
    public String toString() {
        return "connection to " + name;
    }
}
