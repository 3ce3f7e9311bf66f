package io.cachette.hibernate.internal;

import java.util.List;
import java.util.ResourceBundle;
import java.util.concurrent.CopyOnWriteArrayList;

/** A {@link System.Logger} that keeps what it is told, for assertions. */
final class RecordingLogger implements System.Logger {

    record Entry(Level level, String message) {
    }

    final List<Entry> entries = new CopyOnWriteArrayList<>();

    long count(Level level) {
        return entries.stream().filter(e -> e.level() == level).count();
    }

    @Override
    public String getName() {
        return "recording";
    }

    @Override
    public boolean isLoggable(Level level) {
        return true;
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
        entries.add(new Entry(level, msg));
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String format, Object... params) {
        entries.add(new Entry(level, format));
    }
}
