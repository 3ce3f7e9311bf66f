package io.cachette.memcached.internal.netty;

import io.cachette.memcached.MemcachedProtocolException;
import io.cachette.memcached.internal.meta.MetaReply;
import io.cachette.memcached.internal.meta.MetaReply.Code;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Streaming decoder of memcached replies into {@link MetaReply} objects: a small state machine (line → value
 * block → value terminator) that returns "need more bytes" wherever a reply is split, copies value blocks as
 * they arrive (the cumulation never holds more than one line), and bounds both the line length and the value
 * size so a broken or hostile server cannot exhaust memory. On bad input it throws one
 * {@link MemcachedProtocolException} and ignores everything after it: the connection must be closed.
 * <p>
 * Lines may end in {@code \r\n} or a bare {@code \n} (metadump output).
 */
final class MetaDecoder extends ByteToMessageDecoder {

    private enum State { LINE, VALUE, VALUE_END, FAILED }

    private final int maxLineLength;
    private final int maxValueLength;
    private State state = State.LINE;
    private final MetaReply.Builder meta = MetaReply.builder();
    private MetaReply pending;
    private int valueOffset;

    /**
     * @param maxLineLength  longest reply line accepted, without the line end
     * @param maxValueLength largest value block accepted (the servers' item size limit)
     */
    public MetaDecoder(int maxLineLength, int maxValueLength) {
        this.maxLineLength = maxLineLength;
        this.maxValueLength = maxValueLength;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        try {
            decodeAvailable(in, out);
        } catch (MemcachedProtocolException e) {
            in.skipBytes(in.readableBytes()); // drop the rest now: the connection is closing
            throw e;
        }
    }

    private void decodeAvailable(ByteBuf in, List<Object> out) {
        while (true) {
            boolean progressed;
            switch (state) {
                case LINE -> progressed = decodeLine(in, out);
                case VALUE -> progressed = decodeValue(in);
                case VALUE_END -> progressed = decodeValueEnd(in, out);
                default -> {
                    in.skipBytes(in.readableBytes());
                    return;
                }
            }
            if (!progressed) {
                return;
            }
        }
    }

    private boolean decodeLine(ByteBuf in, List<Object> out) {
        int start = in.readerIndex();
        int readable = in.readableBytes();
        int searchable = Math.min(readable, maxLineLength + 2);
        int eol = in.indexOf(start, start + searchable, (byte) '\n');
        if (eol < 0) {
            if (readable > maxLineLength + 1) {
                throw fail("reply line longer than " + maxLineLength + " bytes");
            }
            return false;
        }
        int end = eol > start && in.getByte(eol - 1) == '\r' ? eol - 1 : eol;
        if (end - start > maxLineLength) { // a bare \n line one byte over the limit fits the search window
            throw fail("reply line longer than " + maxLineLength + " bytes");
        }
        MetaReply reply = parseLine(in, start, end);
        in.readerIndex(eol + 1);
        if (reply.code() == Code.VA) {
            pending = reply;
            valueOffset = 0;
            state = reply.value().length == 0 ? State.VALUE_END : State.VALUE;
        } else {
            out.add(reply);
        }
        return true;
    }

    private boolean decodeValue(ByteBuf in) {
        byte[] value = pending.value();
        int n = Math.min(in.readableBytes(), value.length - valueOffset);
        if (n == 0) {
            return false;
        }
        in.readBytes(value, valueOffset, n);
        valueOffset += n;
        if (valueOffset == value.length) {
            state = State.VALUE_END;
        }
        return true;
    }

    private boolean decodeValueEnd(ByteBuf in, List<Object> out) {
        if (in.readableBytes() < 2) {
            return false;
        }
        if (in.readByte() != '\r' || in.readByte() != '\n') {
            throw fail("value block of " + pending.value().length + " bytes is not followed by \\r\\n");
        }
        out.add(pending);
        pending = null;
        state = State.LINE;
        return true;
    }

    private MetaReply parseLine(ByteBuf in, int start, int end) {
        int length = end - start;
        if (length >= 2 && (length == 2 || in.getByte(start + 2) == ' ')) {
            Code code = metaCode(in.getByte(start), in.getByte(start + 1));
            if (code != null) {
                return parseMeta(code, in, start + 2, end);
            }
        }
        String text = in.toString(start, length, StandardCharsets.ISO_8859_1);
        if (text.equals("ERROR") || text.startsWith("ERROR ")) {
            return MetaReply.text(Code.ERROR, text.length() > 6 ? text.substring(6) : "");
        }
        if (text.startsWith("CLIENT_ERROR")) {
            return MetaReply.text(Code.CLIENT_ERROR, text.substring(12).trim());
        }
        if (text.startsWith("SERVER_ERROR")) {
            return MetaReply.text(Code.SERVER_ERROR, text.substring(12).trim());
        }
        return MetaReply.text(Code.TEXT, text);
    }

    private static Code metaCode(byte a, byte b) {
        return switch (a << 8 | b) {
            case 'H' << 8 | 'D' -> Code.HD;
            case 'V' << 8 | 'A' -> Code.VA;
            case 'E' << 8 | 'N' -> Code.EN;
            case 'N' << 8 | 'S' -> Code.NS;
            case 'E' << 8 | 'X' -> Code.EX;
            case 'N' << 8 | 'F' -> Code.NF;
            case 'M' << 8 | 'N' -> Code.MN;
            default -> null;
        };
    }

    /** Parses {@code [ <size>]( <flag>[token])*} after the two-letter code. */
    private MetaReply parseMeta(Code code, ByteBuf in, int from, int end) {
        MetaReply.Builder reply = meta.start(code);
        int i = from;
        boolean first = true;
        while (i < end) {
            if (in.getByte(i) != ' ') {
                throw fail("malformed reply line '" + line(in, from - 2, end) + "'");
            }
            i++;
            int tokenEnd = i;
            while (tokenEnd < end && in.getByte(tokenEnd) != ' ') {
                tokenEnd++;
            }
            if (tokenEnd == i) {
                throw fail("empty token in reply line '" + line(in, from - 2, end) + "'");
            }
            if (first && code == Code.VA) {
                long size = number(in, i, tokenEnd, from, end);
                if (size > maxValueLength) {
                    throw fail("value of " + size + " bytes is over the item size limit of " + maxValueLength
                            + " bytes (is the server's -I larger than the client's itemSizeLimit?)");
                }
                reply.value(new byte[(int) size]);
            } else {
                flag(reply, in, i, tokenEnd, from, end);
            }
            first = false;
            i = tokenEnd;
        }
        if (code == Code.VA && !reply.hasValue()) {
            throw fail("VA reply without a size");
        }
        return reply.build();
    }

    private void flag(MetaReply.Builder reply, ByteBuf in, int i, int tokenEnd, int lineFrom, int lineEnd) {
        byte flag = in.getByte(i);
        switch (flag) {
            case 'O' -> {
                long opaque = number(in, i + 1, tokenEnd, lineFrom, lineEnd);
                if (opaque > Integer.MAX_VALUE) {
                    throw fail("opaque out of range in '" + line(in, lineFrom - 2, lineEnd) + "'");
                }
                reply.opaque((int) opaque);
            }
            case 'c' -> reply.cas(unsigned(in, i + 1, tokenEnd, lineFrom, lineEnd));
            case 'f' -> {
                long flags = number(in, i + 1, tokenEnd, lineFrom, lineEnd);
                if (flags > 0xffff_ffffL) {
                    throw fail("client flags out of range in '" + line(in, lineFrom - 2, lineEnd) + "'");
                }
                reply.flags((int) flags);
            }
            case 't' -> {
                if (tokenEnd - i == 3 && in.getByte(i + 1) == '-' && in.getByte(i + 2) == '1') {
                    reply.ttl(-1);
                } else {
                    long ttl = number(in, i + 1, tokenEnd, lineFrom, lineEnd);
                    reply.ttl((int) Math.min(ttl, Integer.MAX_VALUE));
                }
            }
            case 'W' -> reply.win();
            case 'X' -> reply.stale();
            case 'Z' -> reply.alreadyWon();
            default -> {
                // k (key), b, s, h, l … : not used by this client; tolerated
            }
        }
    }

    /** A non-negative decimal of at most 18 digits. */
    private long number(ByteBuf in, int from, int to, int lineFrom, int lineEnd) {
        if (from == to || to - from > 18) {
            throw fail("bad number in reply line '" + line(in, lineFrom - 2, lineEnd) + "'");
        }
        long value = 0;
        for (int i = from; i < to; i++) {
            int digit = in.getByte(i) - '0';
            if (digit < 0 || digit > 9) {
                throw fail("bad number in reply line '" + line(in, lineFrom - 2, lineEnd) + "'");
            }
            value = value * 10 + digit;
        }
        return value;
    }

    /** An unsigned 64-bit decimal. */
    private long unsigned(ByteBuf in, int from, int to, int lineFrom, int lineEnd) {
        if (to - from <= 18) {
            return number(in, from, to, lineFrom, lineEnd);
        }
        try {
            return Long.parseUnsignedLong(in.toString(from, to - from, StandardCharsets.ISO_8859_1));
        } catch (NumberFormatException e) {
            throw fail("bad number in reply line '" + line(in, lineFrom - 2, lineEnd) + "'");
        }
    }

    private static String line(ByteBuf in, int from, int to) {
        int length = Math.min(to - from, 200);
        return in.toString(from, length, StandardCharsets.ISO_8859_1);
    }

    private MemcachedProtocolException fail(String message) {
        state = State.FAILED;
        pending = null;
        return new MemcachedProtocolException(message);
    }
}
