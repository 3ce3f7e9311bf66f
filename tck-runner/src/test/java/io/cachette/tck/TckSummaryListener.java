package io.cachette.tck;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jsr107.tck.testutil.ExcludeList;
import org.opentest4j.MultipleFailuresError;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Counts the TCK tests of one backend's run and prints one summary line when the run ends, e.g.
 * {@code TCK local: 490 passed, 0 failed}, preceded by one line per failed test.
 *
 * <p>The TCK's own exclusion rule ({@code org.jsr107.tck.testutil.ExcludeListExcluder}) turns an excluded test
 * into a no-op that JUnit reports as successful; this listener asks the same {@link ExcludeList} and counts such
 * tests as excluded, so "passed" is the number of tests that really ran and passed. Registered through
 * {@code META-INF/services}; silent in a JVM that is not a TCK run.
 */
public final class TckSummaryListener implements TestExecutionListener {

  private final Optional<String> backend;
  private final PrintStream out;
  private final RunTally tally = new RunTally();

  /** The listener the JUnit Platform loads: the backend comes from the system property, output to stdout. */
  public TckSummaryListener() {
    this(Optional.ofNullable(System.getProperty(TckBackends.BACKEND_PROPERTY)), System.out);
  }

  TckSummaryListener(Optional<String> backend, PrintStream out) {
    this.backend = backend;
    this.out = out;
  }

  @Override
  public void executionSkipped(TestIdentifier test, String reason) {
    if (backend.isPresent() && test.isTest()) {
      tally.skipped(name(test));
    }
  }

  @Override
  public void executionFinished(TestIdentifier test, TestExecutionResult result) {
    if (backend.isEmpty() || !test.isTest()) {
      return;
    }
    String name = name(test);
    switch (result.getStatus()) {
      case SUCCESSFUL -> {
        if (isExcluded(test)) {
          tally.excluded(name);
        } else {
          tally.passed();
        }
      }
      case ABORTED -> tally.skipped(name);
      case FAILED -> tally.failed(name + " -- " + reason(result));
    }
  }

  @Override
  public void testPlanExecutionFinished(TestPlan testPlan) {
    backend.ifPresent(name -> tally.report(name, out));
  }

  private static boolean isExcluded(TestIdentifier test) {
    return methodSource(test)
        .map(source -> {
          Set<String> excluded = ExcludeList.INSTANCE.getExcludes(source.getClassName());
          return excluded != null && excluded.contains(source.getMethodName());
        })
        .orElse(false);
  }

  private static String name(TestIdentifier test) {
    return methodSource(test)
        .map(source -> source.getClassName() + "#" + source.getMethodName())
        .orElse(test.getDisplayName());
  }

  private static Optional<MethodSource> methodSource(TestIdentifier test) {
    return test.getSource().filter(MethodSource.class::isInstance).map(MethodSource.class::cast);
  }

  private static String reason(TestExecutionResult result) {
    return result.getThrowable().map(TckSummaryListener::firstLine).orElse("no reason given");
  }

  /** The exception's type and the first line of its message; for JUnit's several-failures wrapper, the first one. */
  static String firstLine(Throwable failure) {
    Throwable t = failure instanceof MultipleFailuresError multiple && !multiple.getFailures().isEmpty()
        ? multiple.getFailures().get(0)
        : failure;
    String message = t.getMessage();
    if (message == null || message.isBlank()) {
      return t.getClass().getName();
    }
    String stripped = message.strip();
    int newline = stripped.indexOf('\n');
    return t.getClass().getName() + ": " + (newline < 0 ? stripped : stripped.substring(0, newline));
  }

  /** The counts of one run, and how they are printed. */
  static final class RunTally {
    private int passed;
    private final List<String> failed = new ArrayList<>();
    private final List<String> skipped = new ArrayList<>();
    private final List<String> excluded = new ArrayList<>();

    synchronized void passed() {
      passed++;
    }

    synchronized void failed(String testAndReason) {
      failed.add(testAndReason);
    }

    synchronized void skipped(String test) {
      skipped.add(test);
    }

    synchronized void excluded(String test) {
      excluded.add(test);
    }

    synchronized void report(String backend, PrintStream out) {
      excluded.forEach(test -> out.println("TCK " + backend + " excluded by ExcludeList: " + test));
      skipped.forEach(test -> out.println("TCK " + backend + " skipped: " + test));
      failed.forEach(test -> out.println("TCK " + backend + " FAILED: " + test));
      String line = "TCK " + backend + ": " + passed + " passed, " + failed.size() + " failed";
      out.println(skipped.isEmpty() ? line : line + ", " + skipped.size() + " skipped");
      out.flush();
    }
  }
}
