package io.cachette.store.local;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The ring under the read and write buffers: order, capacity, wrap-around. */
class MpscRingTest {

    @Test
    void drainTo_givesElementsInOfferOrder_andEmptiesTheRing() {
        MpscRing<Integer> ring = new MpscRing<>(8);
        for (int i = 0; i < 5; i++) {
            assertTrue(ring.offer(i));
        }
        List<Integer> drained = new ArrayList<>();
        ring.drainTo(drained::add);
        assertEquals(List.of(0, 1, 2, 3, 4), drained);
        drained.clear();
        ring.drainTo(drained::add);
        assertTrue(drained.isEmpty());
    }

    @Test
    void offer_whenFull_refusesUntilDrained() {
        MpscRing<Integer> ring = new MpscRing<>(4);
        for (int i = 0; i < 4; i++) {
            assertEquals(MpscRing.SUCCESS, ring.offerOnce(i));
        }
        assertEquals(MpscRing.FULL, ring.offerOnce(4));
        assertFalse(ring.offer(4));
        ring.drainTo(e -> { });
        assertTrue(ring.offer(4));
    }

    @Test
    void ring_wrapsAroundManyTimes_inOrder() {
        MpscRing<Integer> ring = new MpscRing<>(4);
        List<Integer> drained = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            assertTrue(ring.offer(i));
            if (i % 3 == 2) {
                ring.drainTo(drained::add);
            }
        }
        ring.drainTo(drained::add);
        for (int i = 0; i < 100; i++) {
            assertEquals(i, drained.get(i));
        }
    }

    @Test
    void capacity_mustBeAPowerOfTwo() {
        assertThrows(IllegalArgumentException.class, () -> new MpscRing<>(6));
        assertThrows(IllegalArgumentException.class, () -> new MpscRing<>(0));
    }

    @Test
    void readBuffer_roundsStripesToAPowerOfTwo_andKeepsOneThreadsReadsInOrder() {
        ReadBuffer<Integer> buffer = new ReadBuffer<>(5);
        assertEquals(8, buffer.stripes());
        for (int i = 0; i < ReadBuffer.RING_SIZE; i++) {
            assertEquals(MpscRing.SUCCESS, buffer.offer(i));
        }
        assertEquals(MpscRing.FULL, buffer.offer(99)); // one thread, one ring: lossy when full
        List<Integer> drained = new ArrayList<>();
        buffer.drainTo(drained::add);
        assertEquals(ReadBuffer.RING_SIZE, drained.size());
        for (int i = 0; i < drained.size(); i++) {
            assertEquals(i, drained.get(i));
        }
    }
}
