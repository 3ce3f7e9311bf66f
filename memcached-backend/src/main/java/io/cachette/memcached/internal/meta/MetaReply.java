package io.cachette.memcached.internal.meta;

/**
 * One decoded reply: a meta status line (with its flags and, for {@code VA}, the value block) or a plain text
 * line (errors, {@code STAT}, {@code END}, {@code OK}, metadump lines). Produced by the decoder, consumed by the
 * command the reply belongs to.
 */
public final class MetaReply {

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

    private final Code code;
    private final String text;
    private int opaque = NO_OPAQUE;
    private long cas;
    private int ttl = -1;
    private int flags;
    private byte[] value;
    private boolean win;
    private boolean stale;
    private boolean alreadyWon;

    MetaReply(Code code, String text) {
        this.code = code;
        this.text = text;
    }

    /** A meta status line (flags set by the decoder). */
    public static MetaReply meta(Code code) {
        return new MetaReply(code, null);
    }

    /** A text line: an error (its message) or any other line. */
    public static MetaReply text(Code code, String text) {
        return new MetaReply(code, text);
    }

    public Code code() {
        return code;
    }

    /** The error message or the whole text line; {@code null} for meta status lines. */
    public String text() {
        return text;
    }

    /** The {@code O} flag, or {@link #NO_OPAQUE}. */
    public int opaque() {
        return opaque;
    }

    /** The {@code c} flag (0 when absent). */
    public long cas() {
        return cas;
    }

    /** The {@code t} flag: remaining seconds, -1 for never (and when absent). */
    public int ttl() {
        return ttl;
    }

    /** The {@code f} flag (0 when absent). */
    public int flags() {
        return flags;
    }

    /** The value block of a {@code VA} reply. */
    public byte[] value() {
        return value;
    }

    /** The {@code W} flag: this client won the right to recache. */
    public boolean win() {
        return win;
    }

    /** The {@code X} flag: the item is stale. */
    public boolean stale() {
        return stale;
    }

    /** The {@code Z} flag: another client already won. */
    public boolean alreadyWon() {
        return alreadyWon;
    }

    public void setOpaque(int opaque) {
        this.opaque = opaque;
    }

    public void setCas(long cas) {
        this.cas = cas;
    }

    public void setTtl(int ttl) {
        this.ttl = ttl;
    }

    public void setFlags(int flags) {
        this.flags = flags;
    }

    public void setValue(byte[] value) {
        this.value = value;
    }

    public void setWin(boolean win) {
        this.win = win;
    }

    public void setStale(boolean stale) {
        this.stale = stale;
    }

    public void setAlreadyWon(boolean alreadyWon) {
        this.alreadyWon = alreadyWon;
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
}
