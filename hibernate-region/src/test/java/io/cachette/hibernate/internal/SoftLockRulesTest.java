package io.cachette.hibernate.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.Comparator;

import org.junit.jupiter.api.Test;

/** The rules of {@link CachedItem} and {@link CachedLock}: who may read, who may overwrite, what is equal. */
class SoftLockRulesTest {

    private static final Comparator<Object> VERSIONS = (a, b) -> Integer.compare((Integer) a, (Integer) b);

    private final Stamp.Source stamps = new Stamp.Source();

    @Test
    void item_isReadableOnlyByTransactionsThatBeganAfterIt() {
        CachedItem item = new CachedItem("v", 1, 100, stamps.next());

        assertFalse(item.isReadable(100));
        assertTrue(item.isReadable(101));
    }

    @Test
    void item_isReplacedByLoadsOnlyWithANewerVersion() {
        CachedItem item = new CachedItem("v", 2, 100, stamps.next());

        assertFalse(item.isWriteable(2, VERSIONS));
        assertFalse(item.isWriteable(1, VERSIONS));
        assertTrue(item.isWriteable(3, VERSIONS));
        assertFalse(new CachedItem("v", null, 100, stamps.next()).isWriteable(3, null), "unversioned: never");
    }

    @Test
    void heldLock_refusesLoadsUntilItTimesOut() {
        CachedLock lock = CachedLock.acquire(1, 1_000, stamps);

        assertFalse(lock.isWriteable(999, 2, VERSIONS));
        assertTrue(lock.isWriteable(1_001, 2, VERSIONS));
    }

    @Test
    void releasedLock_acceptsLoadsThatBeganAfterTheRelease() {
        CachedLock released = CachedLock.acquire(null, 1_000, stamps).releasedOnce(500, stamps);

        assertFalse(released.isHeld());
        assertFalse(released.isWriteable(500, null, null));
        assertTrue(released.isWriteable(501, null, null));
    }

    @Test
    void releasedLock_acceptsOlderTransactionsOnlyWithANewerVersion() {
        CachedLock released = CachedLock.acquire(1, 1_000, stamps).releasedOnce(500, stamps);

        assertFalse(released.isWriteable(400, 1, VERSIONS));
        assertTrue(released.isWriteable(400, 2, VERSIONS));
    }

    @Test
    void lockTakenTwice_staysHeldUntilBothRelease() {
        CachedLock once = CachedLock.acquire(1, 1_000, stamps);
        CachedLock twice = once.acquiredAgain(1_000, stamps);

        CachedLock afterFirstRelease = twice.releasedOnce(500, stamps);

        assertTrue(twice.wasLockedConcurrently());
        assertTrue(afterFirstRelease.isHeld());
        assertFalse(afterFirstRelease.releasedOnce(600, stamps).isHeld());
    }

    @Test
    void everyChangeOfALock_isUnequalToThePreviousRevisionButKeepsItsId() {
        CachedLock lock = CachedLock.acquire(1, 1_000, stamps);
        CachedLock again = lock.acquiredAgain(1_000, stamps);
        LockHandle handle = new LockHandle(lock.lockId());

        assertNotEquals(lock, again);
        assertTrue(again.isHeldBy(handle));
        assertFalse(CachedLock.acquire(1, 1_000, stamps).isHeldBy(handle));
    }

    @Test
    void entriesCopiedBySerialization_equalTheOriginal() throws Exception {
        CachedItem item = new CachedItem(new StringBuilder("not comparable by equals"), 1, 100, stamps.next());
        CachedLock lock = CachedLock.acquire(1, 1_000, stamps);

        assertEquals(item, copy(item), "equality is the write's stamp, not the value's equals");
        assertEquals(lock, copy(lock));
        assertNotEquals(item, new CachedItem(item.value(), 1, 100, stamps.next()));
    }

    private static Object copy(Object value) throws IOException, ClassNotFoundException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return in.readObject();
        }
    }
}
