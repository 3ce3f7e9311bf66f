package io.cachette.memcached.store.internal.near;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FeedRecordTest {

    @Test
    void encode_keysWithSpacesNewlinesAndUnicode_decodeToTheSameRecord() {
        FeedRecord record = new FeedRecord(FeedRecord.Kind.WRITE, 1_700_000_000_123L, "w1", "books",
                List.of("s:plain", "s:with space", "s:line\nbreak", "s:ünïcødé ✓", ""));
        byte[] bytes = record.encode();

        assertEquals(record, FeedRecord.decode(bytes));
        assertTrue(new String(bytes, StandardCharsets.UTF_8).startsWith("cf2 W 1700000000123 w1 books 5\n7 s:plain\n"));
    }

    @Test
    void encode_tooManyKeys_becomesAllWithoutKeys() {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            keys.add("s:key-number-" + i);
        }
        FeedRecord decoded = FeedRecord.decode(new FeedRecord(FeedRecord.Kind.WRITE, 1, "w", "c", keys).encode());

        assertEquals(FeedRecord.Kind.ALL, decoded.kind());
        assertEquals(List.of(), decoded.keys());
    }

    @Test
    void decode_truncatedOrForeignBytes_isNull() {
        byte[] bytes = new FeedRecord(FeedRecord.Kind.REMOVE, 5, "w", "c", List.of("s:a", "s:b")).encode();

        assertNull(FeedRecord.decode(java.util.Arrays.copyOf(bytes, bytes.length - 2)));
        assertNull(FeedRecord.decode("12345".getBytes(StandardCharsets.US_ASCII)));
        assertNull(FeedRecord.decode("cf2 Q 1 w c 0\n".getBytes(StandardCharsets.US_ASCII)));
    }
}
