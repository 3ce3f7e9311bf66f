package io.cachette.memcached.internal.meta;

/**
 * One decoded reply: a meta status line (with its flags and, for {@code VA}, the value block) or a plain text
 * line (errors, {@code STAT}, {@code END}, {@code OK}, metadump lines). Produced by the decoder, consumed by the
 * command the reply belongs to.
 *
 * @param code       the kind of line
 * @param text       the error message or the whole text line; {@code null} for meta status lines
 * @param opaque     the {@code O} flag, or {@link #NO_OPAQUE}
 * @param cas        the {@code c} flag (0 when absent)
 * @param ttl        the {@code t} flag: remaining seconds, -1 for never (and when absent)
 * @param flags      the {@code f} flag (0 when absent)
 * @param value      the value block of a {@code VA} reply (filled by the decoder as the block arrives)
 * @param win        the {@code W} flag: this client won the right to recache
 * @param stale      the {@code X} flag: the item is stale
 * @param alreadyWon the {@code Z} flag: another client already won
 */
public record MetaReply(Code code, String text, int opaque, long cas, int ttl, int flags, byte[] value,
        boolean win, boolean stale, boolean alreadyWon) {

    /** The kind of line. */
    public enum Code {
        /** {@code HD}: success without a value. */
        HD,
        /** {@code VA <size>}: success with a value block. */
        VA,
        /** {@code EN}: miss. */
        EN,
        /** {@code NS}: not stored. */
        NS,
        /** {@code EX}: CAS mismatch. */
        EX,
        /** {@code NF}: not found. */
        NF,
        /** {@code MN}: end of a pipelined batch. */
        MN,
        /** {@code ERROR}: unknown command. */
        ERROR,
        /** {@code CLIENT_ERROR <message>}. */
        CLIENT_ERROR,
        /** {@code SERVER_ERROR <message>}. */
        SERVER_ERROR,
        /** Any other line, kept as text (STAT, END, OK, VERSION, metadump lines). */
        TEXT
    }

    /** No opaque token on the line. */
    public static final int NO_OPAQUE = -1;

    /** A meta status line without flags. */
    public static MetaReply meta(Code code) {
        return builder().start(code).build();
    }

    /** A text line: an error (its message) or any other line. */
    public static MetaReply text(Code code, String text) {
        return new MetaReply(code, text, NO_OPAQUE, 0, -1, 0, null, false, false, false);
    }

    /** A builder of meta status lines, one flag at a time as the decoder reads them. */
    public static Builder builder() {
        return new Builder();
    }

    /** Whether the line is an error line ({@code ERROR}, {@code CLIENT_ERROR}, {@code SERVER_ERROR}). */
    public boolean isError() {
        return code == Code.ERROR || code == Code.CLIENT_ERROR || code == Code.SERVER_ERROR;
    }

    @Override
    public String toString() {
        if (text != null) {
            return code == Code.TEXT ? text : code + " " + text;
        }
        StringBuilder s = new StringBuilder(code.name());
        if (value != null) {
            s.append(' ').append(value.length);
        }
        if (opaque != NO_OPAQUE) {
            s.append(" O").append(opaque);
        }
        return s.toString();
    }

    /**
     * Collects the flags of one meta status line. Reusable: {@link #start} clears it for the next line, so a
     * decoder keeps one and allocates nothing but the reply per line.
     */
    public static final class Builder {

        private Code code;
        private int opaque;
        private long cas;
        private int ttl;
        private int flags;
        private byte[] value;
        private boolean win;
        private boolean stale;
        private boolean alreadyWon;

        private Builder() {
        }

        /** Starts a line of the given code, without flags. */
        public Builder start(Code code) {
            this.code = code;
            opaque = NO_OPAQUE;
            cas = 0;
            ttl = -1;
            flags = 0;
            value = null;
            win = false;
            stale = false;
            alreadyWon = false;
            return this;
        }

        public Builder opaque(int opaque) {
            this.opaque = opaque;
            return this;
        }

        public Builder cas(long cas) {
            this.cas = cas;
            return this;
        }

        public Builder ttl(int ttl) {
            this.ttl = ttl;
            return this;
        }

        public Builder flags(int flags) {
            this.flags = flags;
            return this;
        }

        /** The value block, sized by the {@code VA} line; {@code null} until then. */
        public Builder value(byte[] value) {
            this.value = value;
            return this;
        }

        /** Whether {@link #value} was given. */
        public boolean hasValue() {
            return value != null;
        }

        /** Sets the {@code W} flag. */
        public Builder win() {
            win = true;
            return this;
        }

        /** Sets the {@code X} flag. */
        public Builder stale() {
            stale = true;
            return this;
        }

        /** Sets the {@code Z} flag. */
        public Builder alreadyWon() {
            alreadyWon = true;
            return this;
        }

        public MetaReply build() {
            return new MetaReply(code, null, opaque, cas, ttl, flags, value, win, stale, alreadyWon);
        }
    }
}
