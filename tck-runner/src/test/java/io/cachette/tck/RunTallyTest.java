package io.cachette.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The lines a TCK run prints at its end, and how a failure is shortened to one line. */
class RunTallyTest {

  @Test
  void report_cleanRun_printsOneSummaryLine() {
    TckSummaryListener.RunTally tally = new TckSummaryListener.RunTally();
    tally.passed();
    tally.passed();

    assertEquals(List.of("TCK local: 2 passed, 0 failed"), report(tally, "local"));
  }

  @Test
  void report_excludedAndFailedTests_listsThemBeforeTheSummaryAndDoesNotCountExcludedAsPassed() {
    TckSummaryListener.RunTally tally = new TckSummaryListener.RunTally();
    tally.passed();
    tally.excluded("org.jsr107.tck.CachingTest#dummyTest");
    tally.failed("org.jsr107.tck.CacheTest#unwrap -- java.lang.AssertionError: boom");

    assertEquals(
        List.of(
            "TCK memcached excluded by ExcludeList: org.jsr107.tck.CachingTest#dummyTest",
            "TCK memcached FAILED: org.jsr107.tck.CacheTest#unwrap -- java.lang.AssertionError: boom",
            "TCK memcached: 1 passed, 1 failed"),
        report(tally, "memcached"));
  }

  @Test
  void report_skippedTests_appendsTheSkippedCount() {
    TckSummaryListener.RunTally tally = new TckSummaryListener.RunTally();
    tally.passed();
    tally.skipped("org.jsr107.tck.StoreByReferenceTest#get_Existing");

    assertEquals(
        List.of(
            "TCK local skipped: org.jsr107.tck.StoreByReferenceTest#get_Existing",
            "TCK local: 1 passed, 0 failed, 1 skipped"),
        report(tally, "local"));
  }

  @Test
  void firstLine_severalFailures_describesTheFirstOnlyOnOneLine() {
    Throwable several = new org.opentest4j.MultipleFailuresError(
        "", List.of(new IllegalStateException("first\nsecond line"), new AssertionError("other")));

    assertEquals("java.lang.IllegalStateException: first", TckSummaryListener.firstLine(several));
  }

  @Test
  void firstLine_noMessage_isTheExceptionType() {
    assertEquals("java.lang.AssertionError", TckSummaryListener.firstLine(new AssertionError()));
  }

  private static List<String> report(TckSummaryListener.RunTally tally, String backend) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    tally.report(backend, new PrintStream(bytes, true, StandardCharsets.UTF_8));
    return bytes.toString(StandardCharsets.UTF_8).lines().toList();
  }
}
