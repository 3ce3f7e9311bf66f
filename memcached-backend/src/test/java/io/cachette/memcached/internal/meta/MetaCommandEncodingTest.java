package io.cachette.memcached.internal.meta;

import io.cachette.memcached.Item;
import io.cachette.memcached.MemcachedClientErrorException;
import io.cachette.memcached.MemcachedProtocolException;
import io.cachette.memcached.MemcachedServerErrorException;
import io.cachette.memcached.StoreMode;
import io.cachette.memcached.ValueTooLargeException;
import io.cachette.memcached.WriteResult;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each command's bytes on the wire and its reply mapping, byte for byte. */
class MetaCommandEncodingTest {

    private static byte[] key(String k) {
        return Keys.encode(k);
    }

    private static String encode(MetaCommand command, int opaque) {
        command.assignOpaque(opaque);
        ByteBuf out = Unpooled.buffer();
        try {
            command.encode(out);
            return out.toString(StandardCharsets.ISO_8859_1);
        } finally {
            out.release();
        }
    }

    private static MetaReply reply(MetaReply.Code code, int opaque) {
        return building(code, opaque).build();
    }

    private static MetaReply.Builder building(MetaReply.Code code, int opaque) {
        return MetaReply.builder().start(code).opaque(opaque);
    }

    private static Throwable failure(CompletableFuture<?> future) {
        CompletionException e = assertThrows(CompletionException.class, future::join);
        return e.getCause();
    }

    @Test
    void get_encodesValueFlagsCasTtlAndOpaque() {
        assertEquals("mg foo v f c t O7\r\n", encode(MetaGet.get(key("foo")), 7));
    }

    @Test
    void get_hit_mapsToItem() {
        MetaGet get = MetaGet.get(key("foo"));
        encode(get, 3);
        MetaReply va = building(MetaReply.Code.VA, 3).value(new byte[] {1, 2}).flags(5).cas(99).ttl(-1).build();
        assertTrue(get.onReply(va));
        Item item = get.future().join();
        assertArrayEquals(new byte[] {1, 2}, item.value());
        assertEquals(5, item.flags());
        assertEquals(99, item.cas());
        assertTrue(item.immortal());
        assertEquals(1, get.hits());
    }

    @Test
    void get_miss_mapsToNull() {
        MetaGet get = MetaGet.get(key("foo"));
        encode(get, 3);
        assertTrue(get.onReply(reply(MetaReply.Code.EN, 3)));
        assertNull(get.future().join());
        assertEquals(1, get.misses());
    }

    @Test
    void get_replyWithAnotherOpaque_isAProtocolError() {
        MetaGet get = MetaGet.get(key("foo"));
        encode(get, 3);
        assertThrows(MemcachedProtocolException.class, () -> get.onReply(reply(MetaReply.Code.EN, 4)));
    }

    @Test
    void get_unexpectedCode_isAProtocolError() {
        MetaGet get = MetaGet.get(key("foo"));
        encode(get, 3);
        assertThrows(MemcachedProtocolException.class, () -> get.onReply(reply(MetaReply.Code.NS, 3)));
    }

    @Test
    void getAndTouch_addsTheTtl() {
        assertEquals("mg foo v f c t T30 O1\r\n", encode(MetaGet.getAndTouch(key("foo"), 30), 1));
    }

    @Test
    void touch_encodesTtlOnly_andMapsHdAndEn() {
        MetaTouch touch = new MetaTouch(key("foo"), 123);
        assertEquals("mg foo T123 O2\r\n", encode(touch, 2));
        touch.onReply(reply(MetaReply.Code.HD, 2));
        assertTrue(touch.future().join());
        MetaTouch miss = new MetaTouch(key("foo"), 1);
        encode(miss, 5);
        miss.onReply(reply(MetaReply.Code.EN, 5));
        assertFalse(miss.future().join());
    }

    @Test
    void set_encodesSizeFlagsTtlAndData() {
        MetaSet set = new MetaSet(StoreMode.SET, key("k"), "hi".getBytes(StandardCharsets.US_ASCII), 7, 0, 0);
        assertEquals("ms k 2 F7 T0 O4\r\nhi\r\n", encode(set, 4));
    }

    @Test
    void set_modesAndCas_areEncoded() {
        byte[] v = {'x'};
        assertEquals("ms k 1 ME F0 T10 O1\r\nx\r\n", encode(new MetaSet(StoreMode.ADD, key("k"), v, 0, 10, 0), 1));
        assertEquals("ms k 1 MR F0 T0 O1\r\nx\r\n", encode(new MetaSet(StoreMode.REPLACE, key("k"), v, 0, 0, 0), 1));
        assertEquals("ms k 1 MA F0 T0 O1\r\nx\r\n", encode(new MetaSet(StoreMode.APPEND, key("k"), v, 0, 0, 0), 1));
        assertEquals("ms k 1 MP F0 T0 O1\r\nx\r\n", encode(new MetaSet(StoreMode.PREPEND, key("k"), v, 0, 0, 0), 1));
        assertEquals("ms k 1 C42 F4294967295 T-1 O1\r\nx\r\n",
                encode(new MetaSet(StoreMode.SET, key("k"), v, -1, -1, 42), 1));
        assertEquals("ms k 1 C18446744073709551615 F0 T0 O1\r\nx\r\n",
                encode(new MetaSet(StoreMode.SET, key("k"), v, 0, 0, -1L), 1));
    }

    @Test
    void set_emptyValue_isEncoded() {
        assertEquals("ms k 0 F0 T0 O1\r\n\r\n", encode(new MetaSet(StoreMode.SET, key("k"), new byte[0], 0, 0, 0), 1));
    }

    @Test
    void set_replies_mapToWriteResults() {
        MetaReply.Code[] codes = {MetaReply.Code.HD, MetaReply.Code.NS, MetaReply.Code.EX, MetaReply.Code.NF};
        WriteResult[] results = {WriteResult.OK, WriteResult.NOT_STORED, WriteResult.EXISTS, WriteResult.NOT_FOUND};
        for (int i = 0; i < codes.length; i++) {
            MetaSet set = new MetaSet(StoreMode.SET, key("k"), new byte[0], 0, 0, 0);
            encode(set, 8);
            set.onReply(reply(codes[i], 8));
            assertEquals(results[i], set.future().join());
        }
    }

    @Test
    void set_objectTooLarge_isValueTooLarge() {
        MetaSet set = new MetaSet(StoreMode.SET, key("k"), new byte[0], 0, 0, 0);
        encode(set, 1);
        set.onReply(MetaReply.text(MetaReply.Code.SERVER_ERROR, "object too large for cache"));
        assertInstanceOf(ValueTooLargeException.class, failure(set.future()));
    }

    @Test
    void set_outOfMemory_isServerError() {
        MetaSet set = new MetaSet(StoreMode.SET, key("k"), new byte[0], 0, 0, 0);
        encode(set, 1);
        set.onReply(MetaReply.text(MetaReply.Code.SERVER_ERROR, "out of memory storing object"));
        assertInstanceOf(MemcachedServerErrorException.class, failure(set.future()));
    }

    @Test
    void delete_encodesOptionalCas_andMapsReplies() {
        assertEquals("md k O1\r\n", encode(new MetaDelete(key("k"), 0), 1));
        MetaDelete delete = new MetaDelete(key("k"), 17);
        assertEquals("md k C17 O2\r\n", encode(delete, 2));
        delete.onReply(reply(MetaReply.Code.EX, 2));
        assertEquals(WriteResult.EXISTS, delete.future().join());
    }

    @Test
    void arithmetic_encodesModeAutoCreateAndDelta() {
        assertEquals("ma c D5 v O1\r\n", encode(MetaArithmetic.of(key("c"), false, 5), 1));
        assertEquals("ma c MD D5 v O1\r\n", encode(MetaArithmetic.of(key("c"), true, 5), 1));
        assertEquals("ma c N60 J10 D1 v O1\r\n", encode(MetaArithmetic.orCreate(key("c"), false, 1, 10, 60), 1));
    }

    @Test
    void arithmetic_valueReply_isParsedUnsigned_andNotFoundIsNull() {
        MetaArithmetic incr = MetaArithmetic.of(key("c"), false, 1);
        encode(incr, 1);
        MetaReply va = building(MetaReply.Code.VA, 1)
                .value("18446744073709551615".getBytes(StandardCharsets.US_ASCII)).build();
        incr.onReply(va);
        assertEquals(-1L, incr.future().join());
        MetaArithmetic missing = MetaArithmetic.of(key("c"), false, 1);
        encode(missing, 2);
        missing.onReply(reply(MetaReply.Code.NF, 2));
        assertNull(missing.future().join());
    }

    @Test
    void arithmetic_nonNumeric_isClientError() {
        MetaArithmetic incr = MetaArithmetic.of(key("c"), false, 1);
        encode(incr, 1);
        incr.onReply(MetaReply.text(MetaReply.Code.CLIENT_ERROR, "cannot increment or decrement non-numeric value"));
        assertInstanceOf(MemcachedClientErrorException.class, failure(incr.future()));
    }

    @Test
    void noop_isMn() {
        MetaNoop noop = new MetaNoop();
        assertEquals("mn\r\n", encode(noop, 0));
        assertTrue(noop.onReply(MetaReply.meta(MetaReply.Code.MN)));
    }

    @Test
    void multiGet_encodesQuietGetsAndNoop_andCollectsHitsUntilMn() {
        MetaMultiGet batch = new MetaMultiGet(List.of("a", "b", "c"), List.of(key("a"), key("b"), key("c")));
        assertEquals(3, batch.opaqueCount());
        assertEquals("mg a v f c t q O10\r\nmg b v f c t q O11\r\nmg c v f c t q O12\r\nmn\r\n", encode(batch, 10));
        MetaReply hit = building(MetaReply.Code.VA, 12).value(new byte[] {9}).build();
        assertFalse(batch.onReply(hit));
        assertTrue(batch.onReply(MetaReply.meta(MetaReply.Code.MN)));
        Map<String, Item> result = batch.future().join();
        assertEquals(List.of("c"), List.copyOf(result.keySet()));
        assertEquals(1, batch.hits());
        assertEquals(2, batch.misses());
    }

    @Test
    void multiGet_replyOutsideItsOpaques_isAProtocolError() {
        MetaMultiGet batch = new MetaMultiGet(List.of("a"), List.of(key("a")));
        encode(batch, 10);
        MetaReply hit = building(MetaReply.Code.VA, 11).value(new byte[0]).build();
        assertThrows(MemcachedProtocolException.class, () -> batch.onReply(hit));
    }

    @Test
    void multiGet_errorInsideBatch_failsItAtMn() {
        MetaMultiGet batch = new MetaMultiGet(List.of("a"), List.of(key("a")));
        encode(batch, 10);
        assertFalse(batch.onReply(MetaReply.text(MetaReply.Code.SERVER_ERROR, "out of memory")));
        assertTrue(batch.onReply(MetaReply.meta(MetaReply.Code.MN)));
        assertInstanceOf(MemcachedServerErrorException.class, failure(batch.future()));
    }

    @Test
    void flushAll_isOk() {
        FlushAll flush = new FlushAll();
        assertEquals("flush_all\r\n", encode(flush, 0));
        flush.onReply(MetaReply.text(MetaReply.Code.TEXT, "OK"));
        assertNull(flush.future().join());
    }

    @Test
    void stats_collectsUntilEnd() {
        Stats stats = new Stats();
        assertEquals("stats\r\n", encode(stats, 0));
        assertFalse(stats.onReply(MetaReply.text(MetaReply.Code.TEXT, "STAT pid 12")));
        assertFalse(stats.onReply(MetaReply.text(MetaReply.Code.TEXT, "STAT version 1.6.18")));
        assertTrue(stats.onReply(MetaReply.text(MetaReply.Code.TEXT, "END")));
        assertEquals(Map.of("pid", "12", "version", "1.6.18"), stats.future().join());
    }

    @Test
    void metadump_decodesUrlEncodedKeys() {
        LruCrawlerMetadump dump = new LruCrawlerMetadump(10);
        assertEquals("lru_crawler metadump all\r\n", encode(dump, 0));
        dump.onReply(MetaReply.text(MetaReply.Code.TEXT, "key=a%3Ab%C3%A9 exp=-1 la=1 cas=2 fetch=no cls=1 size=60"));
        dump.onReply(MetaReply.text(MetaReply.Code.TEXT, "key=plain exp=-1 la=1 cas=3 fetch=no cls=1 size=60"));
        assertTrue(dump.onReply(MetaReply.text(MetaReply.Code.TEXT, "END")));
        assertEquals(List.of("a:bé", "plain"), dump.future().join());
    }

    @Test
    void metadump_busy_failsWithServerError() {
        LruCrawlerMetadump dump = new LruCrawlerMetadump(10);
        encode(dump, 0);
        assertTrue(dump.onReply(MetaReply.text(MetaReply.Code.TEXT, "BUSY currently processing crawler request")));
        assertInstanceOf(MemcachedServerErrorException.class, failure(dump.future()));
    }

    @Test
    void metadump_tooManyLines_isAProtocolError() {
        LruCrawlerMetadump dump = new LruCrawlerMetadump(1);
        encode(dump, 0);
        dump.onReply(MetaReply.text(MetaReply.Code.TEXT, "key=a exp=-1"));
        assertThrows(MemcachedProtocolException.class,
                () -> dump.onReply(MetaReply.text(MetaReply.Code.TEXT, "key=b exp=-1")));
    }
}
