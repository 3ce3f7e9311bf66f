package io.cachette.memcached;

/** Every failure of {@link FailureHandlingTest} on Java NIO connections, the transport off Linux x86-64. */
class NioFailureHandlingTest extends FailureHandlingTest {

    @Override
    MemcachedClientBuilder builder() {
        return super.builder().nativeTransport(false);
    }
}
