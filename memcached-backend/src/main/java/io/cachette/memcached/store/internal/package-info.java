/**
 * The parts of the memcached store (implementation, not API): key texts ({@code KeyCodec}), the value envelope
 * and its optional signature ({@code Envelope}, {@code Signer}, {@code ItemCodec}), value codecs, the generation
 * counter, recently touched keys, entry identity, TTL arithmetic, the write-and-compensate rule and the failure
 * counters. The key layout and the deserialization filter stay in {@code io.cachette.memcached.store} for now,
 * next to the settings that validate them.
 */
package io.cachette.memcached.store.internal;
