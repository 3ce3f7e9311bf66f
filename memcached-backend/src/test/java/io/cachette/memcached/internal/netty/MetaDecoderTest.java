package io.cachette.memcached.internal.netty;

import io.cachette.memcached.MemcachedProtocolException;
import io.cachette.memcached.internal.meta.MetaReply;
import io.cachette.memcached.internal.meta.MetaReply.Code;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Byte fixtures for {@link MetaDecoder}: each reply shape, every split point, large values, malformed input.
 * Every test finishes the channel with {@code finishAndReleaseAll()} and checks that the input buffers were
 * released, so a leak fails the test.
 */
class MetaDecoderTest {

    private static final int MAX_LINE = 1024;
    private static final int MAX_VALUE = 1024 * 1024;

    /** A pipelined stream of every reply kind the client meets (1.6.18 wire format). */
    private static final String MIXED = "VA 5 f7 c42 t-1 O1\r\nhello\r\n"
            + "EN O2\r\n"
            + "HD c9 O3\r\n"
            + "NS O4\r\n"
            + "EX O5\r\n"
            + "NF O6\r\n"
            + "VA 0 O7\r\n\r\n"
            + "MN\r\n"
            + "SERVER_ERROR object too large for cache\r\n"
            + "CLIENT_ERROR bad command line format\r\n"
            + "ERROR\r\n"
            + "key=a%20b exp=-1 la=1795607493 cas=7 fetch=no cls=1 size=62\n"
            + "END\r\n";

    @Test
    void mixedStream_decodesEveryReplyKind() {
        List<MetaReply> replies = decodeWhole(MIXED);
        assertMixed(replies);
    }

    @Test
    void mixedStream_splitAtEveryByteBoundary_decodesTheSame() {
        byte[] bytes = MIXED.getBytes(StandardCharsets.ISO_8859_1);
        for (int split = 1; split < bytes.length; split++) {
            EmbeddedChannel channel = channel();
            ByteBuf first = Unpooled.copiedBuffer(bytes, 0, split);
            ByteBuf second = Unpooled.copiedBuffer(bytes, split, bytes.length - split);
            channel.writeInbound(first);
            channel.writeInbound(second);
            assertMixed(drain(channel));
            assertEquals(0, first.refCnt());
            assertEquals(0, second.refCnt());
            assertFalse(channel.finishAndReleaseAll());
        }
    }

    @Test
    void mixedStream_fedOneByteAtATime_decodesTheSame() {
        byte[] bytes = MIXED.getBytes(StandardCharsets.ISO_8859_1);
        EmbeddedChannel channel = channel();
        for (byte b : bytes) {
            channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {b}));
        }
        assertMixed(drain(channel));
        assertFalse(channel.finishAndReleaseAll());
    }

    @Test
    void largeValue_inManyChunks_isCopiedWhole() {
        byte[] value = new byte[MAX_VALUE];
        for (int i = 0; i < value.length; i++) {
            value[i] = (byte) (i * 31);
        }
        byte[] head = "VA 1048576 f1 O9\r\n".getBytes(StandardCharsets.US_ASCII);
        byte[] wire = concat(head, value, "\r\nHD O10\r\n".getBytes(StandardCharsets.US_ASCII));
        EmbeddedChannel channel = channel();
        for (int offset = 0; offset < wire.length; offset += 7919) {
            channel.writeInbound(Unpooled.copiedBuffer(wire, offset, Math.min(7919, wire.length - offset)));
        }
        List<MetaReply> replies = drain(channel);
        assertEquals(2, replies.size());
        assertArrayEquals(value, replies.get(0).value());
        assertEquals(9, replies.get(0).opaque());
        assertEquals(Code.HD, replies.get(1).code());
        assertFalse(channel.finishAndReleaseAll());
    }

    @Test
    void casAboveLongMax_isReadAsUnsigned() {
        MetaReply reply = decodeWhole("HD c18446744073709551615 O1\r\n").get(0);
        assertEquals(-1L, reply.cas());
    }

    @Test
    void clientFlagsAboveIntMax_areReadAsUnsigned() {
        MetaReply reply = decodeWhole("VA 1 f4294967295 O1\r\nx\r\n").get(0);
        assertEquals(-1, reply.flags());
    }

    @Test
    void herdFlags_areDecoded() {
        MetaReply reply = decodeWhole("EN W O1\r\n").get(0);
        assertTrue(reply.win());
        MetaReply stale = decodeWhole("VA 1 Z X c3 O2\r\nx\r\n").get(0);
        assertTrue(stale.stale());
        assertTrue(stale.alreadyWon());
    }

    @Test
    void valueNotFollowedByCrlf_isAProtocolError() {
        assertMalformed("VA 2 O1\r\nabcd\r\n");
    }

    @Test
    void valueSizeNotANumber_isAProtocolError() {
        assertMalformed("VA x2 O1\r\nab\r\n");
    }

    @Test
    void valueOverItemLimit_isRejectedBeforeAllocating() {
        assertMalformed("VA 99999999999 O1\r\n");
        assertMalformed("VA " + (MAX_VALUE + 1) + " O1\r\n");
    }

    @Test
    void opaqueNotANumber_isAProtocolError() {
        assertMalformed("HD Oabc\r\n");
    }

    @Test
    void doubleSpace_isAProtocolError() {
        assertMalformed("HD  O1\r\n");
    }

    @Test
    void lineWithoutEnd_overTheLimit_isAProtocolErrorWithoutBufferingMore() {
        byte[] junk = new byte[MAX_LINE + 10];
        Arrays.fill(junk, (byte) 'x');
        EmbeddedChannel channel = channel();
        ByteBuf in = Unpooled.wrappedBuffer(junk);
        DecoderException e = assertThrows(DecoderException.class, () -> channel.writeInbound(in));
        assertInstanceOf(MemcachedProtocolException.class, e.getCause());
        assertEquals(0, in.refCnt());
        assertFalse(channel.finishAndReleaseAll());
    }

    @Test
    void lineOfExactlyTheLimit_isAccepted_oneByteMore_isRejected_withEitherLineEnd() {
        String atLimit = "x".repeat(MAX_LINE);
        assertEquals(atLimit, decodeWhole(atLimit + "\r\n").get(0).text());
        assertEquals(atLimit, decodeWhole(atLimit + "\n").get(0).text());
        assertMalformed(atLimit + "y\r\n");
        assertMalformed(atLimit + "y\n");
    }

    @Test
    void afterAProtocolError_furtherInputIsDiscarded() {
        EmbeddedChannel channel = channel();
        assertThrows(DecoderException.class,
                () -> channel.writeInbound(Unpooled.copiedBuffer("HD Ox\r\n", StandardCharsets.US_ASCII)));
        ByteBuf more = Unpooled.copiedBuffer("HD O1\r\n", StandardCharsets.US_ASCII);
        channel.writeInbound(more);
        assertNull(channel.readInbound());
        assertEquals(0, more.refCnt());
        assertFalse(channel.finishAndReleaseAll());
    }

    @Test
    void unknownTwoLetterLine_isPassedOnAsText() {
        MetaReply reply = decodeWhole("XY 1 2\r\n").get(0);
        assertEquals(Code.TEXT, reply.code());
        assertEquals("XY 1 2", reply.text());
    }

    private static void assertMixed(List<MetaReply> replies) {
        assertEquals(13, replies.size(), replies.toString());
        MetaReply va = replies.get(0);
        assertEquals(Code.VA, va.code());
        assertArrayEquals("hello".getBytes(StandardCharsets.US_ASCII), va.value());
        assertEquals(7, va.flags());
        assertEquals(42, va.cas());
        assertEquals(-1, va.ttl());
        assertEquals(1, va.opaque());
        assertEquals(Code.EN, replies.get(1).code());
        assertEquals(2, replies.get(1).opaque());
        assertEquals(Code.HD, replies.get(2).code());
        assertEquals(9, replies.get(2).cas());
        assertEquals(Code.NS, replies.get(3).code());
        assertEquals(Code.EX, replies.get(4).code());
        assertEquals(Code.NF, replies.get(5).code());
        assertEquals(0, replies.get(6).value().length);
        assertEquals(7, replies.get(6).opaque());
        assertEquals(Code.MN, replies.get(7).code());
        assertEquals(MetaReply.NO_OPAQUE, replies.get(7).opaque());
        assertEquals(Code.SERVER_ERROR, replies.get(8).code());
        assertEquals("object too large for cache", replies.get(8).text());
        assertEquals(Code.CLIENT_ERROR, replies.get(9).code());
        assertEquals(Code.ERROR, replies.get(10).code());
        assertEquals(Code.TEXT, replies.get(11).code());
        assertTrue(replies.get(11).text().startsWith("key=a%20b exp=-1"));
        assertEquals("END", replies.get(12).text());
    }

    private static void assertMalformed(String wire) {
        EmbeddedChannel channel = channel();
        ByteBuf in = Unpooled.copiedBuffer(wire, StandardCharsets.ISO_8859_1);
        DecoderException e = assertThrows(DecoderException.class, () -> channel.writeInbound(in));
        assertInstanceOf(MemcachedProtocolException.class, e.getCause());
        assertEquals(0, in.refCnt());
        channel.finishAndReleaseAll();
    }

    private static List<MetaReply> decodeWhole(String wire) {
        EmbeddedChannel channel = channel();
        ByteBuf in = Unpooled.copiedBuffer(wire, StandardCharsets.ISO_8859_1);
        channel.writeInbound(in);
        List<MetaReply> replies = drain(channel);
        assertEquals(0, in.refCnt());
        assertFalse(channel.finishAndReleaseAll());
        return replies;
    }

    private static EmbeddedChannel channel() {
        return new EmbeddedChannel(new MetaDecoder(MAX_LINE, MAX_VALUE));
    }

    private static List<MetaReply> drain(EmbeddedChannel channel) {
        List<MetaReply> replies = new ArrayList<>();
        Object reply;
        while ((reply = channel.readInbound()) != null) {
            replies.add((MetaReply) reply);
        }
        return replies;
    }

    private static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        byte[] all = new byte[length];
        int offset = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, all, offset, part.length);
            offset += part.length;
        }
        return all;
    }
}
