package dev.tether.examples.demo;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The summary at the end of a run: the counts, each outage's recovery, the cross-check against
 * the server, and the verdict. Also decides the verdict, so what is printed and what the exit
 * status says cannot disagree.
 */
final class Report {

    private static final int MESSAGE_CHARS = 110;

    private final PrintStream out;

    Report(PrintStream out) {
        this.out = out;
    }

    DemoResult print(DemoOptions options, Tally.Snapshot tally, List<DemoResult.Recovery> outages, int stuckWorkers,
                     CrossCheck check, Duration elapsed) {
        List<String> problems = new ArrayList<>();
        out.println();
        out.println("Commands (" + options.workers() + " workers, one shared client)");
        row("issued", tally.issued(), "");
        row("succeeded", tally.succeeded(), "");
        for (String reason : tally.reasons()) {
            Failure first = tally.firstFailures().get(reason);
            row("failed " + reason, tally.failed(reason), first == null ? "" : switch (first.delivery()) {
                case NOT_SENT -> "never sent";
                case REFUSED -> "refused by the server: not run";
                case IN_DOUBT -> "in doubt: may have run";
            });
        }
        long unaccounted = tally.unaccounted();
        row("unaccounted", unaccounted, "issued - succeeded - failed   " + verdict(unaccounted == 0));
        if (unaccounted != 0) {
            problems.add(unaccounted + " command(s) neither succeeded nor failed"
                    + (stuckWorkers > 0 ? " (" + stuckWorkers + " worker(s) still blocked in a call)" : ""));
        }
        for (String reason : tally.reasons()) {
            Failure first = tally.firstFailures().get(reason);
            if (first != null) {
                out.println("    e.g. " + shorten(first.message()));
            }
        }

        out.println();
        out.println(String.format(Locale.ROOT, "%-49s %8s  %s", "Outages", "down", "recovery (back -> first success)"));
        if (outages.isEmpty()) {
            out.println("  none (--outages 0)");
        }
        for (DemoResult.Recovery o : outages) {
            String recovery = o.recovery() == null ? "NONE: no command succeeded afterwards"
                    : Formats.duration(o.recovery());
            out.println(String.format(Locale.ROOT, "  %d  %-44s %8s  %s", o.number(), shorten(o.description(), 44),
                    Formats.duration(o.down()), recovery));
            if (o.recovery() == null) {
                problems.add("the client did not recover from outage " + o.number());
            }
        }

        out.println();
        out.println("Cross-check against the server: " + check.source());
        check(String.format(Locale.ROOT, "%s of %s", Formats.count(check.acknowledgedOnce()),
                Formats.count(check.acknowledged())), "acknowledged ids found exactly once",
                check.acknowledgedOnce() == check.acknowledged());
        check(Formats.count(check.duplicated()), "ids found more than once", check.duplicated() == 0);
        check(Formats.count(check.notAppliedFound()) + " of " + Formats.count(check.notApplied()),
                "never-run ids found (not sent, refused)", check.notAppliedFound() == 0);
        out.println(String.format(Locale.ROOT, "  %-40s %20s   %s", "in-doubt ids found (at most once each)",
                Formats.count(check.inDoubtFound()) + " of " + Formats.count(check.inDoubt()),
                "ran although their caller saw a failure"));
        check(Formats.count(check.foreign()), "entries this run did not issue", check.foreign() == 0);
        for (CrossCheck.Extra extra : check.extras()) {
            check(extra.value(), extra.label(), extra.ok());
        }
        if (!check.complete()) {
            out.println("  the read-back did not complete");
        }
        for (String example : check.examples()) {
            out.println("    e.g. " + example);
        }
        if (!check.passed()) {
            problems.add("the server's contents do not match what the callers were told");
        }

        DemoResult result = new DemoResult(options.mode(), tally.issued(), tally.succeeded(), tally.failedByReason(),
                unaccounted, outages, check.passed(), problems, elapsed);
        out.println();
        if (result.passed()) {
            out.println("PASS in " + Formats.duration(elapsed) + ": every acknowledged write is on the server exactly once,"
                    + " nothing is unaccounted, and the client recovered from " + outages.size() + " of "
                    + outages.size() + " outages by itself.");
        } else {
            out.println("FAIL in " + Formats.duration(elapsed) + ":");
            problems.forEach(p -> out.println("  - " + p));
        }
        out.flush();
        return result;
    }

    private void row(String label, long value, String note) {
        out.println(String.format(Locale.ROOT, "  %-24s %12s   %s", label, Formats.count(value), note).stripTrailing());
    }

    private void check(String value, String label, boolean ok) {
        out.println(String.format(Locale.ROOT, "  %-40s %20s   %s", label, value, verdict(ok)));
    }

    private static String verdict(boolean ok) {
        return ok ? "OK" : "FAILED";
    }

    private static String shorten(String text) {
        return shorten(text, MESSAGE_CHARS);
    }

    private static String shorten(String text, int max) {
        String oneLine = text.replaceAll("\\s+", " ");
        return oneLine.length() <= max ? oneLine : oneLine.substring(0, max - 3) + "...";
    }
}
