package dev.tether.examples.demo;

import java.io.Console;
import java.io.PrintStream;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The live view: one row per second (connection state, throughput, failures by reason) and event
 * lines for each outage. On a terminal the row is rewritten in place with {@code \r}; anywhere
 * else (a pipe, a CI log, Maven's exec) each row is its own line, so logs stay readable.
 */
final class Progress implements AutoCloseable {

    /** The failure reasons that get a column of their own; every other reason goes to "other". */
    private static final String[] COLUMNS = {"CLOSED", "DISCONNECTED", "TIMEOUT"};
    private static final String ROW = "%6s  %-12s %9s %11s %11s %9s %13s %8s %6s";

    private final PrintStream out;
    private final Tally tally;
    private final Supplier<String> state;
    private final boolean inPlace;
    private final long startNanos = System.nanoTime();
    private Thread ticker;
    private long lastSucceeded;
    private boolean rowPending; // a row without its newline is on screen (terminal only)

    Progress(PrintStream out, Tally tally, Supplier<String> state, boolean inPlace) {
        this.out = out;
        this.tally = tally;
        this.state = state;
        this.inPlace = inPlace;
    }

    /** Whether stdout is a terminal, where rewriting the row in place looks right. */
    static boolean stdoutIsTerminal() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        // From JDK 22 on, System.console() is non-null even when stdout is redirected; only
        // Console.isTerminal() (JDK 22+, so called reflectively from this Java 21 code) tells.
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return true; // JDK 21: a console exists only on a terminal
        }
    }

    /** Prints the column headings and starts printing a row every second. */
    void start() {
        synchronized (out) {
            out.println(String.format(Locale.ROOT, ROW, "time", "state", "ok/s", "issued", "succeeded",
                    "CLOSED", "DISCONNECTED", "TIMEOUT", "other"));
        }
        ticker = Thread.ofVirtual().name("demo-progress").start(() -> {
            try {
                for (long second = 1; ; second++) {
                    long due = startNanos + second * 1_000_000_000L;
                    Thread.sleep(Math.max(0, (due - System.nanoTime()) / 1_000_000));
                    row(second);
                }
            } catch (InterruptedException e) {
                // closed
            }
        });
    }

    private void row(long second) {
        Tally.Snapshot now = tally.snapshot();
        long other = now.failed();
        for (String column : COLUMNS) {
            other -= now.failed(column);
        }
        String line = String.format(Locale.ROOT, ROW, second + " s", state.get(),
                n(now.succeeded() - lastSucceeded), n(now.issued()), n(now.succeeded()),
                n(now.failed(COLUMNS[0])), n(now.failed(COLUMNS[1])), n(now.failed(COLUMNS[2])), n(other));
        lastSucceeded = now.succeeded();
        synchronized (out) {
            if (inPlace) {
                out.print("\r" + line);
                rowPending = true;
            } else {
                out.println(line);
            }
            out.flush();
        }
    }

    /** Prints an event on a line of its own, between rows. */
    void event(String text) {
        double at = (System.nanoTime() - startNanos) / 1e9;
        synchronized (out) {
            if (rowPending) {
                out.println(); // keep the last row on screen above the event
                rowPending = false;
            }
            out.println(String.format(Locale.ROOT, "%6s  %s", String.format(Locale.ROOT, "%.1f s", at), text));
            out.flush();
        }
    }

    /** Stops the rows. */
    @Override
    public void close() {
        if (ticker != null) {
            ticker.interrupt();
            try {
                ticker.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (out) {
            if (rowPending) {
                out.println();
                rowPending = false;
            }
        }
    }

    private static String n(long value) {
        return Formats.count(value);
    }
}
