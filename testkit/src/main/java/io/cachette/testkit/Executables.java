package io.cachette.testkit;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * How the launchers find a server's executables: a variable that names them wins (and must name something
 * usable), else the first directory of the {@code PATH}, then of fixed places, that holds the executable. One
 * routine for the memcached and the PostgreSQL launcher.
 */
final class Executables {

    private Executables() {
    }

    /**
     * The value of {@code variable} when it is set and not blank; empty when it is not set.
     *
     * @throws RuntimeException {@code unusable} of the value, when {@code usable} refuses it
     */
    static Optional<String> configured(Map<String, String> env, String variable, Predicate<String> usable,
            Function<String, RuntimeException> unusable) {
        String value = env.get(variable);
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        if (!usable.test(value)) {
            throw unusable.apply(value);
        }
        return Optional.of(value);
    }

    /** The first directory of {@code $PATH}, then of {@code moreDirs}, that holds an executable {@code name}. */
    static Optional<Path> directoryOf(String name, Map<String, String> env, List<String> moreDirs) {
        List<String> dirs = new ArrayList<>();
        String path = env.get("PATH");
        if (path != null) {
            dirs.addAll(Arrays.asList(path.split(File.pathSeparator)));
        }
        dirs.addAll(moreDirs);
        for (String dir : dirs) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
                return Optional.of(Path.of(dir));
            }
        }
        return Optional.empty();
    }
}
