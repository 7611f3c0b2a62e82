package dev.tether.benchmarks.headofline;

import dev.tether.benchmarks.compare.LatencyHistogram;
import dev.tether.redis.RedisConnectionException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The head-of-line load on one shared {@link HolDriver}: {@code callers} platform threads, each
 * alternating GET and SET of a key of its own ({@code hol:k<i>}), running from {@link #start()}
 * to {@link #stop()}; and, from {@link #startBlockers}, {@code n} more threads each looping
 * {@code BLPOP hol:empty<j> <seconds>} on a list nobody pushes to.
 *
 * <p>GET/SET latencies are kept per measurement {@link Window}, by these rules:
 * <ul>
 *   <li>a call that returns or fails inside the window counts with its whole latency (failed
 *       calls too: a caller waited that long) and as ok or as an error;</li>
 *   <li>a call started before the window's end and still waiting at its end counts as "waiting"
 *       with its wait so far (end minus start): a stalled client cannot hide its stall by not
 *       answering. So p99 and max are lower bounds when anything was waiting.</li>
 * </ul>
 * Each caller keeps its own tallies under its own monitor, which {@link #censor} (the coordinating
 * thread, once a window is over) takes to count the calls still waiting, so no call is counted
 * twice. With callers that never pause, every caller has a call in flight at a window's end, so
 * "waiting" is about the number of callers even when all is well; "stuck" counts those that had
 * waited {@link #STUCK_NANOS} or longer.
 */
final class CallerLoad {

    /** A measurement window, {@code [start, end)} in {@link System#nanoTime()}. */
    record Window(String name, long start, long end) {
        double seconds() {
            return (end - start) / 1e9;
        }
    }

    /** A call waiting this long at a window's end counts as stuck: 1 s, some 100 times a healthy p99. */
    static final long STUCK_NANOS = 1_000_000_000L;

    /** What one window saw: latencies, calls ok, failed, waiting at the end, error types, the longest. */
    static final class Tally {
        final LatencyHistogram latency = new LatencyHistogram();
        long ok;
        long errors;
        long waiting;
        /** Of {@link #waiting}, those that had waited {@link #STUCK_NANOS} or longer. */
        long stuck;
        long maxNanos;
        final Map<String, Long> errorTypes = new TreeMap<>();

        void record(long nanos) {
            latency.record(nanos);
            maxNanos = Math.max(maxNanos, nanos);
        }

        void recordWaiting(long nanos) {
            record(nanos);
            waiting++;
            if (nanos >= STUCK_NANOS) {
                stuck++;
            }
        }

        void add(Tally o) {
            latency.add(o.latency);
            ok += o.ok;
            errors += o.errors;
            waiting += o.waiting;
            stuck += o.stuck;
            maxNanos = Math.max(maxNanos, o.maxNanos);
            o.errorTypes.forEach((k, v) -> errorTypes.merge(k, v, Long::sum));
        }
    }

    private final HolDriver driver;
    private final String value;
    private final List<Window> windows;
    private final List<Caller> callers = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean stopped;
    /** BLPOPs that returned (nil after the timeout, or an element), and that failed. */
    final LongAdder blpopReturned = new LongAdder();
    final LongAdder blpopErrors = new LongAdder();
    final Map<String, LongAdder> blpopErrorTypes = new ConcurrentHashMap<>();

    CallerLoad(HolDriver driver, int callers, String value, List<Window> windows) {
        this.driver = driver;
        this.value = value;
        this.windows = windows;
        for (int i = 0; i < callers; i++) {
            this.callers.add(new Caller(i));
        }
    }

    /** Starts the GET/SET callers. */
    void start() {
        for (Caller c : callers) {
            threads.add(Thread.ofPlatform().daemon(true).name("caller-" + c.index).start(c));
        }
    }

    /** Starts {@code n} threads, each looping BLPOP on a list of its own with a {@code seconds} timeout. */
    void startBlockers(int n, int seconds) {
        for (int j = 0; j < n; j++) {
            String key = "hol:empty" + j;
            threads.add(Thread.ofPlatform().daemon(true).name("blocker-" + j).start(() -> {
                while (!stopped) {
                    try {
                        driver.blpop(key, seconds);
                        blpopReturned.increment();
                    } catch (RuntimeException e) {
                        blpopErrors.increment();
                        blpopErrorTypes.computeIfAbsent(errorType(e), k -> new LongAdder()).increment();
                    }
                }
            }));
        }
    }

    /** Once window {@code w} is over: counts every call still waiting that started before its end. */
    void censor(int w) {
        Window win = windows.get(w);
        for (Caller c : callers) {
            synchronized (c) {
                long s = c.opStart;
                if (s != 0 && s - win.end() < 0) {
                    Tally t = c.tallies[w];
                    t.recordWaiting(win.end() - s);
                    c.censored[w] = s;
                }
            }
        }
    }

    /** Window {@code w} over every caller; call after {@link #censor}. Later records are dropped. */
    Tally tally(int w) {
        Tally all = new Tally();
        for (Caller c : callers) {
            synchronized (c) {
                c.sealed[w] = true;
                all.add(c.tallies[w]);
            }
        }
        return all;
    }

    /** Asks every thread to stop after its current call; does not wait (a call may be stuck). */
    void stop() {
        stopped = true;
    }

    /** The exception's simple class name, with Tether's reason (TIMEOUT, DISCONNECTED...) when it has one. */
    static String errorType(RuntimeException e) {
        String name = e.getClass().getSimpleName();
        return e instanceof RedisConnectionException rce ? name + "." + rce.reason() : name;
    }

    /** One GET/SET caller. */
    private final class Caller implements Runnable {
        final int index;
        final Tally[] tallies;
        /** The current call's start, 0 between calls; cleared under this monitor. */
        volatile long opStart;
        /** Per window: the start of the call {@link #censor} counted as waiting. */
        final long[] censored;
        final boolean[] sealed;

        Caller(int index) {
            this.index = index;
            this.tallies = new Tally[windows.size()];
            for (int w = 0; w < tallies.length; w++) {
                tallies[w] = new Tally();
            }
            this.censored = new long[windows.size()];
            this.sealed = new boolean[windows.size()];
        }

        @Override
        public void run() {
            String key = "hol:k" + index;
            boolean get = index % 2 == 0;
            while (!stopped) {
                long s = System.nanoTime();
                opStart = s;
                String error = null;
                try {
                    if (get) {
                        driver.get(key);
                    } else {
                        driver.set(key, value);
                    }
                } catch (RuntimeException e) {
                    error = errorType(e);
                }
                long e = System.nanoTime();
                synchronized (this) {
                    opStart = 0;
                    for (int w = 0; w < tallies.length; w++) {
                        if (!sealed[w]) {
                            account(windows.get(w), tallies[w], s, e, error, censored[w] == s);
                        }
                    }
                }
                get = !get;
            }
        }

        private static void account(Window win, Tally t, long s, long e, String error, boolean censored) {
            if (e - win.start() >= 0 && e - win.end() < 0) {
                t.record(e - s);
                if (error == null) {
                    t.ok++;
                } else {
                    t.errors++;
                    t.errorTypes.merge(error, 1L, Long::sum);
                }
            } else if (s - win.end() < 0 && e - win.end() >= 0 && !censored) {
                t.recordWaiting(win.end() - s); // was waiting at the window's end; censor() ran later
            }
        }
    }
}
