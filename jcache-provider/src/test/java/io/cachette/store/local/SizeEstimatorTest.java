package io.cachette.store.local;

import org.junit.jupiter.api.Test;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.ConcurrentModificationException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The documented byte estimates. */
class SizeEstimatorTest {

    @Test
    void string_latin1_countsOneBytePerChar_otherwiseTwo() {
        assertEquals(24 + 16 + 8, SizeEstimator.of("abcdefgh"));
        assertEquals(24 + 16 + 16, SizeEstimator.of("abcdefg\u20ac"));
        assertEquals(24 + 16, SizeEstimator.of(""));
    }

    @Test
    void byteArray_countsHeaderAndAlignedLength() {
        assertEquals(16, SizeEstimator.of(new byte[0]));
        assertEquals(24, SizeEstimator.of(new byte[1]));
        assertEquals(16 + 1000, SizeEstimator.of(new byte[1000]));
    }

    @Test
    void primitiveArrays_countHeaderAndAlignedElementBytes() {
        assertEquals(16 + 8, SizeEstimator.of(new boolean[3]));
        assertEquals(16 + 8, SizeEstimator.of(new char[3]));
        assertEquals(16 + 8, SizeEstimator.of(new short[4]));
        assertEquals(16 + 16, SizeEstimator.of(new int[3]));
        assertEquals(16 + 16, SizeEstimator.of(new float[4]));
        assertEquals(16 + 24, SizeEstimator.of(new long[3]));
        assertEquals(16 + 24, SizeEstimator.of(new double[3]));
    }

    @Test
    void boxedPrimitives_haveTheirObjectSizes() {
        assertEquals(16, SizeEstimator.of(42));
        assertEquals(24, SizeEstimator.of(42L));
        assertEquals(24, SizeEstimator.of(4.2d));
        assertEquals(16, SizeEstimator.of(true));
    }

    @Test
    void entry_addsTheFixedOverheadToKeyAndValue() {
        assertEquals(SizeEstimator.ENTRY_OVERHEAD + 16 + 24, SizeEstimator.entry(1, new byte[1]));
    }

    @Test
    void entry_ofAbsurdEstimate_isCapped_soSumsCannotOverflow() {
        long[] element = new long[1 << 20]; // 8 MiB, times Integer.MAX_VALUE elements, times three
        List<Object> huge = new java.util.AbstractList<>() {
            @Override
            public Object get(int index) {
                return element;
            }

            @Override
            public int size() {
                return Integer.MAX_VALUE;
            }
        };
        assertEquals(SizeEstimator.MAX_ENTRY_WEIGHT, SizeEstimator.entry("k", List.of(huge, huge, huge)));
    }

    @Test
    void unknownObject_getsTheFlatGuess() {
        record Point(int x, int y) implements Serializable { }
        assertEquals(SizeEstimator.OTHER_OBJECT, SizeEstimator.of(new Point(1, 2)));
    }

    @Test
    void collection_countsNodesAndElements_andExtrapolatesPastTheSample() {
        List<String> small = List.of("a", "b");
        assertEquals(48 + 2 * 32 + 2 * SizeEstimator.of("a"), SizeEstimator.of(small));
        List<Integer> large = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            large.add(i);
        }
        assertEquals(48 + 1_000 * 32 + 1_000 * 16, SizeEstimator.of(large));
    }

    @Test
    void map_countsKeysAndValues() {
        Map<String, byte[]> map = new HashMap<>();
        map.put("k", new byte[8]);
        assertEquals(48 + 32 + SizeEstimator.of("k") + SizeEstimator.of(new byte[8]), SizeEstimator.of(map));
    }

    @Test
    void nesting_stopsAtTheDepthLimit() {
        Object nested = List.of(List.of(List.of(List.of(List.of("deep")))));
        long estimate = SizeEstimator.of(nested);
        assertTrue(estimate > 0 && estimate < 1_000, "estimate " + estimate);
    }

    @Test
    void collectionThatFailsWhileMeasured_getsTheFlatGuess() {
        List<Integer> failing = new ArrayList<>(List.of(1, 2, 3)) {
            @Override
            public java.util.Iterator<Integer> iterator() {
                throw new ConcurrentModificationException("changed while measured (expected by the test)");
            }
        };
        assertEquals(SizeEstimator.OTHER_OBJECT, SizeEstimator.of(failing));
    }
}
