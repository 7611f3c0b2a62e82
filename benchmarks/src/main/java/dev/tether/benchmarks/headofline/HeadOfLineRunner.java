package dev.tether.benchmarks.headofline;

import dev.tether.benchmarks.compare.ChildLink;
import dev.tether.benchmarks.compare.ClientRunner;
import dev.tether.benchmarks.compare.CostMeter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * One client's run in a JVM of its own (forked by {@link HeadOfLineCompare}):
 * {@code HeadOfLineRunner <tether|lettuce|jedis> <port> [name=value ...]}, options
 * {@code callers} (64), {@code blockers} (8), {@code blockS} (5), {@code valueBytes} (100),
 * {@code warmupMs} (1000), {@code baselineMs} (4000), {@code leadMs} (200), {@code blockedMs} (5000).
 *
 * <p>It opens ONE client ({@link HolDriver}), writes the callers' keys, starts the
 * {@link CallerLoad} and keeps it running throughout: {@code warmupMs}, then the baseline window
 * ({@code baselineMs}, GET/SET only); at its end the blockers start, and {@code leadMs} later the
 * blocked window begins ({@code blockedMs}; at least {@code blockS} seconds, so that it overlaps
 * the blockers' first BLPOPs). Then it says one line starting with {@code hol=result} and halts
 * (a caller may still be stuck in a call; the server drops the connections).
 *
 * <p>Per window {@code base} and {@code blk}: {@code _ok}, {@code _ops_s} (calls that returned ok
 * per second), {@code _p50_ms}, {@code _p99_ms}, {@code _max_ms}, {@code _errors},
 * {@code _error_types}, {@code _waiting}, {@code _stuck} (see {@link CallerLoad} for what counts); then
 * {@code stall_p99} and {@code stall_p50} (blocked over baseline), {@code blpop_returned},
 * {@code blpop_errors}, {@code blpop_error_types} (over the whole blocked phase).
 */
public final class HeadOfLineRunner {

    private HeadOfLineRunner() {
    }

    public static void main(String[] args) {
        String client = args[0];
        int port = Integer.parseInt(args[1]);
        Map<String, String> opts = ChildLink.options(args, 2);
        int callers = (int) ClientRunner.opt(opts, "callers", 64);
        int blockers = (int) ClientRunner.opt(opts, "blockers", 8);
        int blockS = (int) ClientRunner.opt(opts, "blockS", 5);
        int valueBytes = (int) ClientRunner.opt(opts, "valueBytes", 100);
        long warmupMs = ClientRunner.opt(opts, "warmupMs", 1000);
        long baselineMs = ClientRunner.opt(opts, "baselineMs", 4000);
        long leadMs = ClientRunner.opt(opts, "leadMs", 200);
        long blockedMs = ClientRunner.opt(opts, "blockedMs", 5000);
        new ChildLink().runAndHalt("hol=result client=" + client, line -> {
            HolDriver driver = HolDriver.open(client, port);
            ChildLink.awaitUp(() -> driver.set("hol:up", "1"));
            String value = "v".repeat(valueBytes);
            for (int i = 0; i < callers; i++) {
                driver.set("hol:k" + i, value);
            }
            long t0 = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(warmupMs);
            CallerLoad.Window base = new CallerLoad.Window("base", t0, t0 + TimeUnit.MILLISECONDS.toNanos(baselineMs));
            long k0 = base.end() + TimeUnit.MILLISECONDS.toNanos(leadMs);
            CallerLoad.Window blk = new CallerLoad.Window("blk", k0, k0 + TimeUnit.MILLISECONDS.toNanos(blockedMs));
            List<CallerLoad.Window> windows = List.of(base, blk);
            CallerLoad load = new CallerLoad(driver, callers, value, windows);
            load.start();
            sleepUntil(base.end());
            load.censor(0);
            load.startBlockers(blockers, blockS);
            System.err.println("[hol] " + client + ": baseline over, " + blockers + " blockers started");
            sleepUntil(blk.end());
            load.censor(1);
            load.stop();
            CallerLoad.Tally b = load.tally(0);
            CallerLoad.Tally k = load.tally(1);
            fields(line, base, b);
            fields(line, blk, k);
            line.append(" stall_p99=").append(ratio(quantile(k, 0.99), quantile(b, 0.99)))
                    .append(" stall_p50=").append(ratio(quantile(k, 0.5), quantile(b, 0.5)))
                    .append(" blpop_returned=").append(load.blpopReturned.sum())
                    .append(" blpop_errors=").append(load.blpopErrors.sum())
                    .append(" blpop_error_types=").append(load.blpopErrorTypes.isEmpty() ? "-"
                            : load.blpopErrorTypes.entrySet().stream().map(en -> en.getKey() + ":" + en.getValue().sum())
                                    .sorted().collect(Collectors.joining(",")))
                    .append(" setup=").append(driver.describe().replace(' ', '_'));
        });
    }

    private static void fields(StringBuilder line, CallerLoad.Window w, CallerLoad.Tally t) {
        String p = " " + w.name() + "_";
        line.append(p).append("ok=").append(t.ok)
                .append(p).append("ops_s=").append(Math.round(t.ok / w.seconds()))
                .append(p).append("p50_ms=").append(ms(quantile(t, 0.5)))
                .append(p).append("p99_ms=").append(ms(quantile(t, 0.99)))
                .append(p).append("max_ms=").append(t.latency.count() == 0 ? "NaN" : ms(t.maxNanos))
                .append(p).append("errors=").append(t.errors)
                .append(p).append("error_types=").append(t.errorTypes.isEmpty() ? "-"
                        : t.errorTypes.entrySet().stream().map(en -> en.getKey() + ":" + en.getValue())
                                .collect(Collectors.joining(",")))
                .append(p).append("waiting=").append(t.waiting)
                .append(p).append("stuck=").append(t.stuck);
    }

    /**
     * The histogram's quantile, at most the exact maximum: the histogram reports a bucket's
     * midpoint, which can lie above the largest value (by up to 1.6%).
     */
    private static double quantile(CallerLoad.Tally t, double q) {
        return Math.min(t.latency.quantileNanos(q), t.maxNanos);
    }

    private static String ms(double nanos) {
        return CostMeter.sig4(nanos / 1e6);
    }

    private static String ratio(double a, double b) {
        return Double.isNaN(a) || Double.isNaN(b) || b <= 0 ? "NaN" : CostMeter.sig4(a / b);
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        long left;
        while ((left = nanoTime - System.nanoTime()) > 0) {
            TimeUnit.NANOSECONDS.sleep(left);
        }
    }
}
