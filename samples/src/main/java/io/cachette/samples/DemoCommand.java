package io.cachette.samples;

import java.io.PrintStream;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The command-line contract every demo keeps, in one place: {@code --help} prints the usage and exits 0; bad
 * arguments say what is wrong and exit 2; a run exits 0 when done and 1 when it failed, the reason on stderr.
 */
public final class DemoCommand {

    /** What a demo does once its arguments are parsed. */
    @FunctionalInterface
    public interface Body<O> {
        /** Runs the demo; {@code false} when it failed (the reason already said on {@code err}). */
        boolean run(O options, PrintStream out, PrintStream err) throws Exception;
    }

    private DemoCommand() {
    }

    /**
     * Parses {@code args} and runs {@code body}; returns the exit code.
     *
     * @param name   the demo's name, as failures mention it ("the cluster demo")
     * @param parser throws {@link IllegalArgumentException} saying what is wrong with the arguments
     * @param help   whether the parsed options ask for the usage
     */
    public static <O> int run(String name, String usage, String[] args, PrintStream out, PrintStream err,
                              Function<String[], O> parser, Predicate<O> help, Body<O> body) {
        O options;
        try {
            options = parser.apply(args);
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            err.println("Try --help.");
            return 2;
        }
        if (help.test(options)) {
            out.println(usage);
            return 0;
        }
        try {
            return body.run(options, out, err) ? 0 : 1;
        } catch (Exception e) {
            err.println("The " + name + " failed: " + e);
            e.printStackTrace(err);
            return 1;
        }
    }
}
