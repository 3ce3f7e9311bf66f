package io.cachette.memcached.internal.meta;

import io.netty.buffer.ByteBuf;

/** Writes protocol tokens (ASCII words, decimal numbers) into a buffer without intermediate strings. */
final class Ascii {

    static final byte SPACE = ' ';
    private static final int CRLF = ('\r' << 8) | '\n';

    private Ascii() {
    }

    /** Writes a signed decimal. */
    static void writeDecimal(ByteBuf out, long value) {
        if (value < 0) {
            if (value == Long.MIN_VALUE) {
                writeText(out, Long.toString(value));
                return;
            }
            out.writeByte('-');
            value = -value;
        }
        if (value < 10) {
            out.writeByte((int) ('0' + value));
            return;
        }
        int digits = 1;
        for (long v = value / 10; v > 0; v /= 10) {
            digits++;
        }
        int end = out.writerIndex() + digits;
        out.ensureWritable(digits);
        for (int i = end - 1; i >= end - digits; i--) {
            out.setByte(i, (int) ('0' + value % 10));
            value /= 10;
        }
        out.writerIndex(end);
    }

    /** Writes an unsigned 64-bit decimal. */
    static void writeUnsigned(ByteBuf out, long value) {
        if (value >= 0) {
            writeDecimal(out, value);
        } else {
            writeText(out, Long.toUnsignedString(value));
        }
    }

    /** Writes an ASCII text. */
    static void writeText(ByteBuf out, String text) {
        out.writeCharSequence(text, java.nio.charset.StandardCharsets.US_ASCII);
    }

    /** Writes {@code " <flag><decimal>"}. */
    static void writeFlag(ByteBuf out, char flag, long value) {
        out.writeByte(SPACE);
        out.writeByte(flag);
        writeDecimal(out, value);
    }

    /** Writes {@code " <flag><unsigned 64-bit decimal>"}. */
    static void writeUnsignedFlag(ByteBuf out, char flag, long value) {
        out.writeByte(SPACE);
        out.writeByte(flag);
        writeUnsigned(out, value);
    }

    static void writeCrlf(ByteBuf out) {
        out.writeShort(CRLF);
    }
}
