package io.cachette.memcached.internal.netty;

import io.cachette.memcached.Item;
import io.cachette.memcached.MemcachedClientErrorException;
import io.cachette.memcached.MemcachedProtocolException;
import io.cachette.memcached.MemcachedServerDownException;
import io.cachette.memcached.MemcachedTimeoutException;
import io.cachette.memcached.StoreMode;
import io.cachette.memcached.ValueTooLargeException;
import io.cachette.memcached.WriteResult;
import io.cachette.memcached.internal.meta.Keys;
import io.cachette.memcached.internal.meta.MetaCommand;
import io.cachette.memcached.internal.meta.MetaGet;
import io.cachette.memcached.internal.meta.MetaMultiGet;
import io.cachette.memcached.internal.meta.MetaSet;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Pipelining, reply matching, timeouts and failure isolation of one connection, on an EmbeddedChannel. */
class ConnectionHandlerTest {

    private static final long TIMEOUT = TimeUnit.MILLISECONDS.toNanos(500);

    private final AtomicLong now = new AtomicLong(1_000);
    private final List<String> events = new ArrayList<>();
    private final ConnectionHandler handler = new ConnectionHandler("test:1", TIMEOUT, now::get);
    private final EmbeddedChannel channel = new EmbeddedChannel(new MetaDecoder(1024, 1024 * 1024), handler);

    ConnectionHandlerTest() {
        handler.listener(new ConnectionHandler.Listener() {
            @Override
            public void completed(MetaCommand command, boolean errorReply) {
                events.add("completed " + command.describe());
            }

            @Override
            public void timedOut(MetaCommand command) {
                events.add("timeout " + command.describe());
            }

            @Override
            public void closed(ConnectionHandler connection, boolean unexpected) {
                events.add("closed unexpected=" + unexpected);
            }
        });
    }

    private <T extends MetaCommand> T send(T command) {
        handler.send(command);
        channel.runPendingTasks();
        return command;
    }

    private String written() {
        StringBuilder text = new StringBuilder();
        ByteBuf buf;
        while ((buf = channel.readOutbound()) != null) {
            text.append(buf.toString(StandardCharsets.ISO_8859_1));
            buf.release();
        }
        return text.toString();
    }

    private void reply(String wire) {
        channel.writeInbound(Unpooled.copiedBuffer(wire, StandardCharsets.ISO_8859_1));
    }

    private static Throwable failure(CompletableFuture<?> future) {
        return assertThrows(CompletionException.class, future::join).getCause();
    }

    @Test
    void pipelinedCommands_getConsecutiveOpaques_andRepliesCompleteThemInOrder() {
        MetaGet a = send(MetaGet.get(Keys.encode("a")));
        MetaSet b = send(new MetaSet(StoreMode.SET, Keys.encode("b"), new byte[] {'x'}, 0, 0, 0));
        assertEquals("mg a v f c t O0\r\nms b 1 F0 T0 O1\r\nx\r\n", written());
        reply("EN O0\r\nHD O1\r\n");
        assertNull(a.future().join());
        assertEquals(WriteResult.OK, b.future().join());
        assertEquals(List.of("completed mg a", "completed ms b (1 bytes, SET)"), events);
        assertFalse(channel.finishAndReleaseAll());
    }

    @Test
    void commandsQueuedTogether_areWrittenInOneFlush() {
        handler.send(MetaGet.get(Keys.encode("a")));
        handler.send(MetaGet.get(Keys.encode("b")));
        channel.runPendingTasks();
        assertEquals("mg a v f c t O0\r\nmg b v f c t O1\r\n", written());
        assertFalse(channel.finishAndReleaseAll());
    }

    @Test
    void multiGet_quietMisses_completeAtMn() {
        MetaMultiGet batch = send(new MetaMultiGet(List.of("a", "b"), List.of(Keys.encode("a"), Keys.encode("b"))));
        MetaGet after = send(MetaGet.get(Keys.encode("c")));
        written();
        reply("VA 1 f0 c1 t-1 O1\r\nz\r\nMN\r\nEN O2\r\n");
        Map<String, Item> hits = batch.future().join();
        assertEquals(1, hits.size());
        assertArrayEquals(new byte[] {'z'}, hits.get("b").value());
        assertNull(after.future().join());
        assertFalse(channel.finishAndReleaseAll());
    }

    @Test
    void replyWithWrongOpaque_closesConnection_andFailsEveryInflightCommand() {
        MetaGet a = send(MetaGet.get(Keys.encode("a")));
        MetaGet b = send(MetaGet.get(Keys.encode("b")));
        written();
        reply("EN O5\r\n");
        assertInstanceOf(MemcachedProtocolException.class, failure(a.future()));
        assertInstanceOf(MemcachedProtocolException.class, failure(b.future()));
        assertFalse(channel.isOpen());
        assertEquals(List.of("closed unexpected=false"), events);
        channel.finishAndReleaseAll();
    }

    /**
     * memcached 1.6.18 answers an {@code ms} whose command line it cannot parse with {@code CLIENT_ERROR bad command
     * line format} and then reads the data block as a command ({@code ERROR}); the stray line must not become the
     * next command's reply.
     */
    @Test
    void doubleErrorLineAfterARefusedSet_isNotAttributedToTheNextCommand_theConnectionResets() {
        MetaSet set = send(new MetaSet(StoreMode.SET, Keys.encode("s"), "hello".getBytes(StandardCharsets.US_ASCII),
                0, 0, 0));
        MetaGet next = send(MetaGet.get(Keys.encode("n")));
        written();
        reply("CLIENT_ERROR bad command line format\r\nERROR\r\nEN O1\r\n");
        assertInstanceOf(MemcachedClientErrorException.class, failure(set.future()));
        Throwable nextFailure = failure(next.future());
        assertInstanceOf(MemcachedProtocolException.class, nextFailure, nextFailure.toString());
        assertFalse(channel.isOpen());
        assertEquals(List.of("completed ms s (5 bytes, SET)", "closed unexpected=false"), events);
        channel.finishAndReleaseAll();
    }

    @Test
    void serverErrorOnASet_isASingleLine_theConnectionStaysInStep() {
        MetaSet set = send(new MetaSet(StoreMode.SET, Keys.encode("s"), new byte[3], 0, 0, 0));
        MetaGet next = send(MetaGet.get(Keys.encode("n")));
        written();
        reply("SERVER_ERROR object too large for cache\r\nEN O1\r\n");
        assertInstanceOf(ValueTooLargeException.class, failure(set.future()));
        assertNull(next.future().join());
        assertTrue(channel.isOpen());
        channel.finishAndReleaseAll();
    }

    @Test
    void malformedBytes_closeConnection_andFailInflightWithProtocolException() {
        MetaGet a = send(MetaGet.get(Keys.encode("a")));
        written();
        reply("VA nonsense\r\n");
        assertInstanceOf(MemcachedProtocolException.class, failure(a.future()));
        assertFalse(channel.isOpen());
        channel.finishAndReleaseAll();
    }

    @Test
    void unsolicitedReply_closesConnection() {
        reply("HD O1\r\n");
        assertFalse(channel.isOpen());
        assertEquals(List.of("closed unexpected=false"), events);
        channel.finishAndReleaseAll();
    }

    @Test
    void pastDeadline_commandTimesOut_andItsLateReplyIsSwallowed() {
        MetaGet a = send(MetaGet.get(Keys.encode("a")));
        written();
        now.addAndGet(TIMEOUT - 1);
        handler.expire();
        assertFalse(a.future().isDone());
        now.addAndGet(1);
        handler.expire();
        assertInstanceOf(MemcachedTimeoutException.class, failure(a.future()));
        MetaGet b = send(MetaGet.get(Keys.encode("b")));
        written();
        reply("EN O0\r\nEN O1\r\n");
        assertNull(b.future().join());
        assertTrue(channel.isOpen());
        assertEquals(List.of("timeout mg a", "completed mg b"), events);
        assertFalse(channel.finishAndReleaseAll());
    }

    @Test
    void peerClose_failsInflightWithServerDown_andReportsUnexpected() {
        MetaGet a = send(MetaGet.get(Keys.encode("a")));
        written();
        channel.pipeline().fireChannelInactive();
        assertInstanceOf(MemcachedServerDownException.class, failure(a.future()));
        assertEquals(List.of("closed unexpected=true"), events);
        channel.finishAndReleaseAll();
    }

    @Test
    void sendAfterClose_failsAtOnce() {
        channel.close();
        MetaGet a = MetaGet.get(Keys.encode("a"));
        handler.send(a);
        assertInstanceOf(MemcachedServerDownException.class, failure(a.future()));
        channel.finishAndReleaseAll();
    }
}
