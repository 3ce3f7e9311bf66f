package io.cachette.memcached.internal.meta;

import io.cachette.memcached.MemcachedClientErrorException;
import io.cachette.memcached.MemcachedException;
import io.cachette.memcached.MemcachedServerErrorException;
import io.cachette.memcached.ValueTooLargeException;

import java.util.concurrent.CompletionException;

/** Maps memcached's error lines to the client's typed exceptions, in one place. */
public final class Errors {

    private Errors() {
    }

    /** The exception for an {@code ERROR} / {@code CLIENT_ERROR} / {@code SERVER_ERROR} reply to {@code command}. */
    public static MemcachedException toException(MetaReply reply, String command) {
        String message = reply.text() == null || reply.text().isEmpty() ? "" : ": " + reply.text();
        return switch (reply.code()) {
            case SERVER_ERROR -> reply.text() != null && reply.text().contains("too large")
                    ? new ValueTooLargeException("server rejected '" + command + "'" + message)
                    : new MemcachedServerErrorException("SERVER_ERROR on '" + command + "'" + message);
            case CLIENT_ERROR -> new MemcachedClientErrorException("CLIENT_ERROR on '" + command + "'" + message);
            case ERROR -> new MemcachedClientErrorException("ERROR (unknown command) on '" + command + "'" + message);
            default -> throw new IllegalArgumentException("not an error reply: " + reply);
        };
    }

    /** The cause inside the {@link CompletionException} wrappers of a future's failure. */
    public static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
