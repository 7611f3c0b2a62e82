package dev.tether.examples.demo;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Tether's resilience demo: many workers share ONE client and keep sending commands while the
 * server is killed and brought back, then every outcome the callers were told is checked against
 * what the server holds.
 *
 * <ul>
 *   <li>Default: a redis-server of its own ({@code appendonly yes}, {@code appendfsync always}),
 *       killed with SIGKILL and restarted; each command RPUSHes a unique id to one list.</li>
 *   <li>{@code --uri redis://127.0.0.1:PORT}: an existing server it must not kill, behind a chaos
 *       proxy that cuts and refuses connections, plus {@code CLIENT KILL} of its own connection.</li>
 *   <li>{@code --line}: the line-protocol example ({@code LineClient}, {@code LineServer}).</li>
 * </ul>
 *
 * <p>It prints a row per second, a line per outage with the time to recover, and a summary. The
 * exit status is 0 only when no command is unaccounted and the cross-check passes: every
 * acknowledged id on the server exactly once, no id twice, no id of a command that failed as
 * never sent. Run it with (see the README):
 *
 * <pre>{@code
 * mvn -q -pl examples -am package -DskipTests -Pdemo
 * mvn -q -pl examples -am package -DskipTests -Pdemo -Ddemo.args="--line"
 * }</pre>
 */
public final class ResilienceDemo {

    /** Longer than any command's deadline (5 s), so only a command that outlived it counts as hung. */
    private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(10);
    /** How long to wait for the first success after an outage before calling it unrecovered. */
    private static final Duration RECOVERY_WAIT = Duration.ofSeconds(10);

    private final DemoOptions options;
    private final Target target;
    private final PrintStream out;
    /** With --metrics: the workers' client publishes to it; null otherwise. */
    private final DemoMetrics metrics;

    private ResilienceDemo(DemoOptions options, Target target, PrintStream out, DemoMetrics metrics) {
        this.options = options;
        this.target = target;
        this.out = out;
        this.metrics = metrics;
    }

    /** Runs the demo and exits with its status: 0 pass, 1 fail, 2 bad arguments. */
    public static void main(String[] args) {
        // Tether logs each disconnect as a warning; the demo shows them in its own rows instead.
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "error");
        }
        int status;
        try {
            status = run(System.out, args).exitCode();
        } catch (IllegalArgumentException e) {
            System.err.println("ResilienceDemo: " + e.getMessage());
            System.err.println(DemoOptions.USAGE);
            status = 2;
        }
        System.exit(status); // the only exit: run() returns to tests and other callers
    }

    /**
     * Runs the demo, printing to {@code out}, and returns what it found. Never exits the JVM;
     * stops every server, proxy and client it started before returning.
     *
     * @throws IllegalArgumentException if {@code args} are not valid
     */
    public static DemoResult run(PrintStream out, String... args) {
        DemoOptions options = DemoOptions.parse(args);
        if (options.help()) {
            out.println(DemoOptions.USAGE);
            return new DemoResult("help", 0, 0, Map.of(), 0, List.of(), true, List.of(), Duration.ZERO);
        }
        DemoMetrics metrics = options.metrics() ? new DemoMetrics() : null;
        try (Target target = open(options, metrics)) {
            return new ResilienceDemo(options, target, out, metrics).go();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static Target open(DemoOptions options, DemoMetrics metrics) {
        return switch (options.mode()) {
            case "line" -> new LineTarget();
            case "redis-uri" -> new ProxiedRedisTarget(options.uri(), metrics);
            default -> new LocalRedisTarget(metrics);
        };
    }

    private DemoResult go() throws InterruptedException {
        out.println(String.format(Locale.ROOT, "Tether resilience demo: %d workers share ONE client for %s; "
                        + "%d outage(s) of %s", options.workers(), Formats.duration(options.duration()), options.outages(),
                Formats.duration(options.effectiveOutageLength())));
        out.println("  " + target.describe());
        out.println();
        Tally tally = new Tally();
        Ledger ledger = new Ledger(options.workers());
        RecoveryWatch watch = new RecoveryWatch();
        Workers workers = new Workers(target, tally, ledger, watch);
        List<DemoResult.Recovery> outages = new ArrayList<>();
        long start = System.nanoTime();
        long end = start + options.duration().toNanos();
        try (Progress progress = new Progress(out, tally, target::state, Progress.stdoutIsTerminal())) {
            progress.start();
            workers.start(end);
            for (int k = 1; k <= options.outages(); k++) {
                sleepUntil(start + options.outageStart(k).toNanos());
                outages.add(outage(k, progress, watch, end));
            }
            sleepUntil(end);
        } finally {
            workers.stop(); // also when an outage failed: no worker may outlive the run
        }
        int stuck = workers.join(JOIN_TIMEOUT);
        Tally.Snapshot totals = tally.snapshot();
        if (metrics != null) {
            metrics.print(out);
        }
        out.println();
        out.println("Reading the server's contents back...");
        CrossCheck check = target.readBack(ledger);
        return new Report(out).print(options, totals, outages, stuck, check,
                Duration.ofNanos(System.nanoTime() - start));
    }

    /** Takes the server away, brings it back, and times the first success that follows. */
    private DemoResult.Recovery outage(int k, Progress progress, RecoveryWatch watch, long end)
            throws InterruptedException {
        String tag = "outage " + k + "/" + options.outages();
        Instant began = Instant.now();
        Target.Outage outage = target.startOutage(k);
        watch.arm(); // only commands issued from now on can tell that the client recovered
        progress.event(">> " + tag + ": " + outage.description());
        Instant back = began;
        if (!outage.instant()) {
            Thread.sleep(options.effectiveOutageLength());
            Target.Back restored = target.endOutage(k);
            back = restored.at();
            progress.event("<< " + tag + ": " + restored.description() + " (down "
                    + Formats.duration(Duration.between(began, back)) + ")");
        }
        // Commands are issued until the end only; after it, allow their deadline to pass.
        long waitNanos = Math.min(RECOVERY_WAIT.toNanos(), end + Duration.ofSeconds(5).toNanos() - System.nanoTime());
        RecoveryWatch.Success first = watch.awaitFirstSuccess(Duration.ofNanos(Math.max(0, waitNanos)));
        Duration recovery = first == null ? null : Duration.between(back, first.at());
        progress.event(first == null ? "!! " + tag + ": no command succeeded afterwards"
                : ".. " + tag + ": first success " + Formats.duration(recovery) + " after "
                + (outage.instant() ? "the kill" : "the server was back")
                + " (that command's round trip: " + Formats.duration(first.roundTrip()) + ")");
        return new DemoResult.Recovery(k, outage.description(), outage.instant() ? Duration.ZERO
                : Duration.between(began, back), recovery);
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        long left = nanoTime - System.nanoTime();
        if (left > 0) {
            Thread.sleep(Duration.ofNanos(left));
        }
    }
}
