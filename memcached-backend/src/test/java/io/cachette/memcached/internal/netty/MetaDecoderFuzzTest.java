package io.cachette.memcached.internal.netty;

import io.cachette.memcached.MemcachedProtocolException;
import io.cachette.memcached.internal.meta.MetaReply;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Seeded fuzzing of {@link MetaDecoder} (issue 8, "bad input"): 100,000 byte sequences — pure noise, valid
 * reply streams in the 1.6.18 wire format, and valid streams with random mutations — each fed to a fresh
 * decoder in an {@link EmbeddedChannel} split at random boundaries. For every case:
 * <ul>
 *   <li>the only exception that escapes is a {@link MemcachedProtocolException} (wrapped by Netty in a
 *       {@link DecoderException}); anything else fails with the seed and case number to replay it;</li>
 *   <li>valid streams decode to exactly the replies that were encoded (an oracle, not just "no crash");</li>
 *   <li>the decoder never holds more than about one line plus one read of input (every buffer comes from a
 *       counting allocator), the thread allocates nothing proportional to a size the server announces
 *       (a mutated {@code VA 99999999} must not allocate 95 MB), and every buffer is released at the end;</li>
 *   <li>nothing hangs: the whole run is bounded by a preemptive timeout that is a hang detector (minutes),
 *       not a speed assertion.</li>
 * </ul>
 * A failure message names the seed and case; set {@code -Dcachette.fuzz.seed=<n>} to run another seed.
 */
class MetaDecoderFuzzTest {

    private static final int CASES = 100_000;
    private static final int MAX_LINE = 512;
    private static final int MAX_VALUE = 4096;
    /** Fixed allowance for the per-case garbage (channel, pipeline, exceptions with stack traces). */
    private static final long ALLOCATION_ALLOWANCE = 2L * 1024 * 1024;
    private static final long SEED = Long.getLong("cachette.fuzz.seed", 0x5EED_CAC4_E77EL);

    private static final byte[] ALPHABET = "VAHDENSMXFOWZkfctbq0123456789- \r\n\r\n_ERROCLIT"
            .getBytes(StandardCharsets.ISO_8859_1);
    private static final String[] TEXT_LINES = {"END", "OK", "STAT pid 1234", "STAT curr_items 0", "RESET",
            "VERSION 1.6.18", "key=a%20b exp=-1 la=1795607493 cas=7 fetch=no cls=1 size=62", "BUSY crawler"};
    private static final String[] HUGE_NUMBERS = {"2147483647", "2147483648", "4294967295", "4294967296",
            "99999999", "999999999999999999", "9999999999999999999", "18446744073709551615",
            "18446744073709551616", "-1", "-2147483648", "0", "00000000000000000001"};

    private final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    @Test
    void hundredThousandRandomAndMutatedStreams_onlyTheProtocolExceptionEscapes_boundedMemory_noLeaks() {
        assertTrue(threads.isThreadAllocatedMemorySupported(), "needs per-thread allocation counting");
        threads.setThreadAllocatedMemoryEnabled(true);
        int[] outcomes = assertTimeoutPreemptively(Duration.ofMinutes(3), this::runAllCases,
                "the fuzz run hung (seed " + SEED + ")");
        // every kind of case actually happened, so the run cannot pass by generating nothing interesting
        assertTrue(outcomes[0] > CASES / 10, "cases decoded cleanly: " + outcomes[0]);
        assertTrue(outcomes[1] > CASES / 10, "cases rejected with a protocol error: " + outcomes[1]);
        assertTrue(outcomes[2] > CASES / 5, "valid streams checked against the oracle: " + outcomes[2]);
    }

    @Test
    void headerAnnouncingTwoGigabytes_isRejectedWithoutAllocatingIt() {
        threads.setThreadAllocatedMemoryEnabled(true);
        for (String size : new String[] {"2147483647", "2147483648", "999999999999999999"}) {
            UnpooledByteBufAllocator alloc = new UnpooledByteBufAllocator(false);
            EmbeddedChannel channel = channel(alloc);
            long before = threads.getCurrentThreadAllocatedBytes();
            ByteBuf in = alloc.heapBuffer().writeBytes(("VA " + size + " O1\r\n").getBytes(StandardCharsets.US_ASCII));
            DecoderException e = org.junit.jupiter.api.Assertions.assertThrows(DecoderException.class,
                    () -> channel.writeInbound(in));
            long allocated = threads.getCurrentThreadAllocatedBytes() - before;
            assertTrue(e.getCause() instanceof MemcachedProtocolException, e.toString());
            assertTrue(allocated < ALLOCATION_ALLOWANCE, "allocated " + allocated + " bytes for VA " + size);
            assertFalse(channel.finishAndReleaseAll());
            assertEquals(0, in.refCnt());
            assertEquals(0, alloc.metric().usedHeapMemory());
        }
    }

    private int[] runAllCases() {
        SplittableRandom random = new SplittableRandom(SEED);
        int[] outcomes = new int[3]; // clean, rejected, oracle-checked
        for (int c = 0; c < CASES; c++) {
            SplittableRandom caseRandom = random.split();
            runCase(c, caseRandom, outcomes);
        }
        return outcomes;
    }

    private void runCase(int index, SplittableRandom random, int[] outcomes) {
        List<String> expected = null;
        byte[] input;
        int kind = random.nextInt(10);
        if (kind < 2) {
            input = noise(random);
        } else {
            Stream stream = validStream(random);
            if (kind < 5) {
                input = stream.bytes;
                expected = stream.replies;
            } else {
                input = mutate(stream.bytes, random);
            }
        }
        List<byte[]> chunks = split(input, random);
        int largestChunk = chunks.stream().mapToInt(b -> b.length).max().orElse(0);
        long retainedBound = 4L * (MAX_LINE + 2 + largestChunk) + 64;
        long allocationBound = ALLOCATION_ALLOWANCE + 64L * input.length + 2L * MAX_VALUE;

        UnpooledByteBufAllocator alloc = new UnpooledByteBufAllocator(false);
        List<ByteBuf> buffers = new ArrayList<>();
        List<String> decoded = new ArrayList<>();
        boolean rejected = false;
        long before = threads.getCurrentThreadAllocatedBytes();
        EmbeddedChannel channel = channel(alloc);
        try {
            for (byte[] chunk : chunks) {
                ByteBuf buffer = alloc.heapBuffer(Math.max(chunk.length, 1)).writeBytes(chunk);
                buffers.add(buffer);
                try {
                    channel.writeInbound(buffer);
                } catch (DecoderException e) {
                    if (!(e.getCause() instanceof MemcachedProtocolException)) {
                        throw e;
                    }
                    if (rejected) {
                        fail(context(index, input) + ": second protocol error after the first: " + e);
                    }
                    rejected = true;
                }
                drain(channel, decoded);
                long retained = alloc.metric().usedHeapMemory();
                if (retained > retainedBound) {
                    fail(context(index, input) + ": decoder retains " + retained + " bytes (bound " + retainedBound
                            + ")");
                }
            }
            channel.finishAndReleaseAll();
        } catch (AssertionError e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(context(index, input) + ": unexpected " + t, t);
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        if (allocated > allocationBound) {
            fail(context(index, input) + ": allocated " + allocated + " bytes (bound " + allocationBound + ")");
        }
        for (ByteBuf buffer : buffers) {
            if (buffer.refCnt() != 0) {
                fail(context(index, input) + ": input buffer not released");
            }
        }
        if (alloc.metric().usedHeapMemory() != 0) {
            fail(context(index, input) + ": " + alloc.metric().usedHeapMemory() + " bytes leaked");
        }
        if (expected != null) {
            if (rejected) {
                fail(context(index, input) + ": valid stream rejected");
            }
            if (!expected.equals(decoded)) {
                assertEquals(expected, decoded, context(index, input));
            }
            outcomes[2]++;
        }
        outcomes[rejected ? 1 : 0]++;
    }

    private static EmbeddedChannel channel(UnpooledByteBufAllocator alloc) {
        EmbeddedChannel channel = new EmbeddedChannel();
        channel.config().setAllocator(alloc);
        channel.pipeline().addLast(new MetaDecoder(MAX_LINE, MAX_VALUE));
        return channel;
    }

    private static void drain(EmbeddedChannel channel, List<String> decoded) {
        Object message;
        while ((message = channel.readInbound()) != null) {
            decoded.add(describe((MetaReply) message));
        }
    }

    private static String context(int index, byte[] input) {
        String hex = ByteBufUtil.hexDump(input, 0, Math.min(input.length, 256));
        return "seed " + SEED + " case " + index + " (" + input.length + " bytes: " + hex + ")";
    }

    /** Everything the decoder extracts from a reply, for comparison with what was encoded. */
    private static String describe(MetaReply r) {
        return r.code() + "|" + r.text() + "|O" + r.opaque() + "|c" + Long.toUnsignedString(r.cas()) + "|t" + r.ttl()
                + "|f" + Integer.toUnsignedString(r.flags()) + "|" + r.win() + r.stale() + r.alreadyWon() + "|"
                + (r.value() == null ? "-" : Base64.getEncoder().encodeToString(r.value()));
    }

    // ------------------------------------------------------------------ generators

    private record Stream(byte[] bytes, List<String> replies) {
    }

    private static byte[] noise(SplittableRandom random) {
        byte[] bytes = new byte[random.nextInt(700)];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = random.nextInt(4) == 0 ? (byte) random.nextInt(256) : ALPHABET[random.nextInt(ALPHABET.length)];
        }
        return bytes;
    }

    /** 1–8 replies in the wire format of memcached 1.6.18, with what the decoder must make of each. */
    private static Stream validStream(SplittableRandom random) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<String> replies = new ArrayList<>();
        int count = 1 + random.nextInt(8);
        for (int i = 0; i < count; i++) {
            MetaReply reply;
            StringBuilder line = new StringBuilder();
            byte[] value = null;
            int kind = random.nextInt(12);
            if (kind < 7) {
                MetaReply.Code code = switch (kind) {
                    case 0, 1, 2 -> MetaReply.Code.VA;
                    case 3 -> MetaReply.Code.HD;
                    case 4 -> MetaReply.Code.EN;
                    case 5 -> random.nextBoolean() ? MetaReply.Code.NS : MetaReply.Code.EX;
                    default -> random.nextBoolean() ? MetaReply.Code.NF : MetaReply.Code.MN;
                };
                MetaReply.Builder meta = MetaReply.builder().start(code);
                line.append(code.name());
                if (code == MetaReply.Code.VA) {
                    value = new byte[random.nextInt(4) == 0 ? random.nextInt(MAX_VALUE + 1) : random.nextInt(64)];
                    for (int b = 0; b < value.length; b++) {
                        value[b] = random.nextInt(3) == 0 ? (byte) random.nextInt(256)
                                : ALPHABET[random.nextInt(ALPHABET.length)]; // \r\n inside values too
                    }
                    meta.value(value);
                    line.append(' ').append(value.length);
                }
                if (code != MetaReply.Code.MN) {
                    appendFlags(random, line, meta);
                }
                reply = meta.build();
            } else if (kind == 7) {
                reply = MetaReply.text(MetaReply.Code.SERVER_ERROR, "object too large for cache");
                line.append("SERVER_ERROR object too large for cache");
            } else if (kind == 8) {
                reply = MetaReply.text(MetaReply.Code.CLIENT_ERROR, "bad command line format");
                line.append("CLIENT_ERROR bad command line format");
            } else if (kind == 9) {
                reply = MetaReply.text(MetaReply.Code.ERROR, "");
                line.append("ERROR");
            } else {
                String text = TEXT_LINES[random.nextInt(TEXT_LINES.length)];
                reply = MetaReply.text(MetaReply.Code.TEXT, text);
                line.append(text);
            }
            byte[] head = line.toString().getBytes(StandardCharsets.ISO_8859_1);
            out.write(head, 0, head.length);
            boolean bareNewline = reply.code() == MetaReply.Code.TEXT && random.nextBoolean();
            out.write(bareNewline ? new byte[] {'\n'} : new byte[] {'\r', '\n'}, 0, bareNewline ? 1 : 2);
            if (value != null) {
                out.write(value, 0, value.length);
                out.write(new byte[] {'\r', '\n'}, 0, 2);
            }
            replies.add(describe(reply));
        }
        return new Stream(out.toByteArray(), replies);
    }

    private static void appendFlags(SplittableRandom random, StringBuilder line, MetaReply.Builder reply) {
        List<String> flags = new ArrayList<>();
        if (random.nextBoolean()) {
            int flagValue = random.nextInt();
            reply.flags(flagValue);
            flags.add("f" + Integer.toUnsignedString(flagValue));
        }
        if (random.nextBoolean()) {
            long cas = random.nextLong();
            reply.cas(cas);
            flags.add("c" + Long.toUnsignedString(cas));
        }
        if (random.nextBoolean()) {
            int ttl = random.nextBoolean() ? -1 : random.nextInt(Integer.MAX_VALUE);
            reply.ttl(ttl);
            flags.add("t" + ttl);
        }
        if (random.nextBoolean()) {
            int opaque = random.nextInt(Integer.MAX_VALUE);
            reply.opaque(opaque);
            flags.add("O" + opaque);
        }
        if (random.nextInt(4) == 0) {
            flags.add("k" + "key" + random.nextInt(1000));
        }
        if (random.nextInt(6) == 0) {
            reply.win();
            flags.add("W");
        }
        if (random.nextInt(6) == 0) {
            reply.stale();
            flags.add("X");
        }
        if (random.nextInt(6) == 0) {
            reply.alreadyWon();
            flags.add("Z");
        }
        java.util.Collections.shuffle(flags, new java.util.Random(random.nextLong()));
        for (String flag : flags) {
            line.append(' ').append(flag);
        }
    }

    /** One to four random edits: byte flips, inserted noise, deletions, duplications, numbers made huge, cuts. */
    private static byte[] mutate(byte[] bytes, SplittableRandom random) {
        byte[] result = bytes;
        int edits = 1 + random.nextInt(4);
        for (int e = 0; e < edits; e++) {
            int at = result.length == 0 ? 0 : random.nextInt(result.length);
            switch (random.nextInt(7)) {
                case 0 -> {
                    if (result.length > 0) {
                        result[at] = (byte) random.nextInt(256);
                    }
                }
                case 1 -> result = splice(result, at, 0, noise(random, 1 + random.nextInt(8)));
                case 2 -> result = splice(result, at, Math.min(result.length - at, 1 + random.nextInt(16)), new byte[0]);
                case 3 -> {
                    int length = Math.min(result.length - at, 1 + random.nextInt(64));
                    result = splice(result, at, 0, Arrays.copyOfRange(result, at, at + length));
                }
                case 4 -> result = replaceNumber(result, at, random);
                case 5 -> result = Arrays.copyOf(result, at);
                default -> result = splice(result, at, 0, random.nextBoolean() ? new byte[] {'\r', '\n'}
                        : new byte[] {'\n'});
            }
        }
        return result;
    }

    private static byte[] noise(SplittableRandom random, int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = random.nextBoolean() ? (byte) random.nextInt(256) : ALPHABET[random.nextInt(ALPHABET.length)];
        }
        return bytes;
    }

    /** Replaces the first run of digits at or after {@code from} with a boundary or huge number. */
    private static byte[] replaceNumber(byte[] bytes, int from, SplittableRandom random) {
        int start = from;
        while (start < bytes.length && (bytes[start] < '0' || bytes[start] > '9')) {
            start++;
        }
        int end = start;
        while (end < bytes.length && bytes[end] >= '0' && bytes[end] <= '9') {
            end++;
        }
        byte[] number = HUGE_NUMBERS[random.nextInt(HUGE_NUMBERS.length)].getBytes(StandardCharsets.US_ASCII);
        return splice(bytes, start, end - start, number);
    }

    private static byte[] splice(byte[] bytes, int at, int removed, byte[] inserted) {
        byte[] result = new byte[bytes.length - removed + inserted.length];
        System.arraycopy(bytes, 0, result, 0, at);
        System.arraycopy(inserted, 0, result, at, inserted.length);
        System.arraycopy(bytes, at + removed, result, at + inserted.length, bytes.length - at - removed);
        return result;
    }

    /** Random split points: often one chunk, sometimes single bytes, usually a handful of random cuts. */
    private static List<byte[]> split(byte[] input, SplittableRandom random) {
        List<byte[]> chunks = new ArrayList<>();
        int mode = random.nextInt(8);
        if (mode == 0 || input.length == 0) {
            chunks.add(input);
            return chunks;
        }
        int maxChunk = mode == 1 && input.length <= 300 ? 1 : 1 + random.nextInt(Math.max(1, input.length));
        int i = 0;
        while (i < input.length) {
            int length = Math.min(input.length - i, 1 + random.nextInt(maxChunk));
            chunks.add(Arrays.copyOfRange(input, i, i + length));
            i += length;
        }
        return chunks;
    }
}
