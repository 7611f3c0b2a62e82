package dev.tether.benchmarks.compare;

import dev.tether.redis.RedisConnectionException;
import dev.tether.redis.RedisErrorException;
import io.lettuce.core.RedisCommandExecutionException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntPredicate;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * The load that runs across a failover, and what it left behind; shared by the Cluster and the
 * Sentinel harness modes. {@code threads} threads share one client (a {@link Target}); each
 * command is, at random, an INCR of a counter ({@code fo:ctr:N}) or an RPUSH of a unique id
 * ({@code t<thread>:<seq>}, a per-thread sequence number) to a list ({@code fo:list:N}). With
 * {@code ownKeys} thread {@code t} uses counter and list {@code t} (modulo their numbers), else
 * one of {@code counters} counters and {@code lists} lists at random. The keys the fault hits
 * ("victim" keys: in a cluster those in the killed primary's slots, over Sentinel all of them) are
 * timed apart from the others.
 *
 * <p>Every command's outcome is kept: acknowledged, failed with an error the client says means
 * "never sent" ({@link Target#outcome}), failed otherwise (unknown), or still in flight when the
 * load stopped (unknown). {@link #accounting} compares them with what the server holds
 * ({@link #writeState} writes it down): duplicates (an id twice in a list, a counter above
 * acknowledged + in doubt) and replication loss (acknowledged writes missing).
 */
public final class FailoverLoad {

    private static final Logger LOG = LoggerFactory.getLogger(FailoverLoad.class);
    private static final byte ACK = 1;
    private static final byte NOT_SENT = 2;
    private static final byte UNKNOWN = 3;

    /**
     * The two write commands of the load through one client, and what that client's exceptions
     * say about a failed command.
     */
    public interface Target {

        /** What a failed command's exception says about whether it ran. */
        enum Outcome {
            /** The client says the command was never sent: it must not have run. */
            NOT_SENT,
            /** It may or may not have run (timeout, disconnect, retries gave up, ...). */
            UNKNOWN
        }

        long incr(String key);

        long rpush(String key, String value);

        /** What {@code e}, thrown by one of the commands above, says; by default UNKNOWN. */
        default Outcome outcome(RuntimeException e) {
            return Outcome.UNKNOWN;
        }

        /** A short name for the error, for counting by type: the class, and the reason or the server's error code. */
        default String kind(RuntimeException e) {
            String name = e.getClass().getSimpleName();
            if (e instanceof RedisConnectionException rce) {
                return name + "/" + rce.reason();
            }
            if (e instanceof RedisErrorException || e instanceof RedisCommandExecutionException
                    || e instanceof JedisDataException) {
                String m = String.valueOf(e.getMessage()).trim();
                int sp = m.indexOf(' ');
                return name + "/" + (sp > 0 ? m.substring(0, sp) : m).replaceAll("[^A-Za-z_]", "");
            }
            return name;
        }

        /** Tether's rule: CLOSED and OVERLOADED mean "the command was never sent" (RedisConnectionException's javadoc). */
        static Outcome tetherOutcome(RuntimeException e) {
            if (e instanceof RedisConnectionException rce && (rce.reason() == RedisConnectionException.Reason.CLOSED
                    || rce.reason() == RedisConnectionException.Reason.OVERLOADED)) {
                return Outcome.NOT_SENT;
            }
            return Outcome.UNKNOWN;
        }
    }

    /** How the coordinator reads a key back: {@code execute(key, "GET", key)} on the primary serving it. */
    @FunctionalInterface
    public interface StateReader {
        /** Runs {@code command} on the node that serves {@code key}; its reply. */
        Object execute(String key, String... command);
    }

    /** One worker's record; written by its thread, read after {@link #stop}. */
    private static final class Worker {
        byte[] outcome = new byte[1 << 14];
        volatile int completed; // ids 0..completed-1 have their outcome
        volatile int issued;
        long[] victimOkEnds = new long[1 << 12];
        int victimOk;
        long[] otherOkEnds = new long[1 << 14];
        int otherOk;
    }

    private final Target driver;
    private final boolean ownKeys;
    private final int counters;
    private final int lists;
    private final boolean[] counterOnVictim;
    private final boolean[] listOnVictim;
    private final Worker[] workers;
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicLongArray acked;
    private final AtomicLongArray unknown;
    private final AtomicLongArray notSent;
    private final AtomicLongArray pending;
    private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
    private volatile boolean running = true;
    private long startNanos;
    private long stopNanos;

    /**
     * A load of {@code threads} threads on {@code counters} counters and {@code lists} lists;
     * {@code counterOnVictim} and {@code listOnVictim} say which of them the fault hits.
     */
    public FailoverLoad(Target driver, int threads, int counters, int lists, boolean ownKeys,
                        IntPredicate counterOnVictim, IntPredicate listOnVictim) {
        this.driver = driver;
        this.ownKeys = ownKeys;
        this.counters = counters;
        this.lists = lists;
        this.counterOnVictim = new boolean[counters];
        this.listOnVictim = new boolean[lists];
        for (int i = 0; i < counters; i++) {
            this.counterOnVictim[i] = counterOnVictim.test(i);
        }
        for (int i = 0; i < lists; i++) {
            this.listOnVictim[i] = listOnVictim.test(i);
        }
        this.workers = new Worker[threads];
        this.acked = new AtomicLongArray(counters);
        this.unknown = new AtomicLongArray(counters);
        this.notSent = new AtomicLongArray(counters);
        this.pending = new AtomicLongArray(counters);
    }

    /** The name of counter {@code i}. */
    public static String counterKey(int i) {
        return "fo:ctr:" + i;
    }

    /** The name of list {@code i}. */
    public static String listKey(int i) {
        return "fo:list:" + i;
    }

    /**
     * Reads {@code counters} counters and {@code lists} lists through {@code reader} and writes
     * {@code ctr KEY VALUE} and {@code list KEY ID ID ...} lines to {@code file}, for
     * {@link #accounting}.
     */
    public static void writeState(Path file, int counters, int lists, StateReader reader) throws IOException {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < counters; i++) {
            String key = counterKey(i);
            Object v = reader.execute(key, "GET", key);
            lines.add("ctr " + key + " " + (v == null ? "nil" : v));
        }
        for (int i = 0; i < lists; i++) {
            String key = listKey(i);
            StringBuilder sb = new StringBuilder("list " + key);
            for (Object id : (List<?>) reader.execute(key, "LRANGE", key, "0", "-1")) {
                sb.append(' ').append(id);
            }
            lines.add(sb.toString());
        }
        Files.write(file, lines, StandardCharsets.UTF_8);
    }

    /** Starts the threads. */
    public void start() {
        startNanos = System.nanoTime();
        for (int t = 0; t < workers.length; t++) {
            Worker w = new Worker();
            workers[t] = w;
            int id = t;
            threads.add(Thread.ofPlatform().name("fo-" + t).daemon(true).start(() -> run(id, w)));
        }
    }

    private void run(int id, Worker w) {
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        while (running) {
            boolean incr = rnd.nextBoolean();
            int k = ownKeys ? id % (incr ? counters : lists) : incr ? rnd.nextInt(counters) : rnd.nextInt(lists);
            boolean victim = incr ? counterOnVictim[k] : listOnVictim[k];
            int seq = w.issued;
            if (incr) {
                pending.incrementAndGet(k);
            } else {
                if (seq == w.outcome.length) {
                    w.outcome = Arrays.copyOf(w.outcome, seq * 2);
                }
                w.issued = seq + 1;
            }
            byte outcome;
            try {
                if (incr) {
                    driver.incr(counterKey(k));
                } else {
                    driver.rpush(listKey(k), "t" + id + ":" + seq);
                }
                outcome = ACK;
                long end = System.nanoTime();
                if (victim) {
                    if (w.victimOk == w.victimOkEnds.length) {
                        w.victimOkEnds = Arrays.copyOf(w.victimOkEnds, w.victimOk * 2);
                    }
                    w.victimOkEnds[w.victimOk++] = end;
                } else {
                    if (w.otherOk == w.otherOkEnds.length) {
                        w.otherOkEnds = Arrays.copyOf(w.otherOkEnds, w.otherOk * 2);
                    }
                    w.otherOkEnds[w.otherOk++] = end;
                }
            } catch (RuntimeException e) {
                outcome = driver.outcome(e) == Target.Outcome.NOT_SENT ? NOT_SENT : UNKNOWN;
                LongAdder n = errors.computeIfAbsent(driver.kind(e) + (outcome == NOT_SENT ? "(not-sent)" : ""),
                        x -> new LongAdder());
                n.increment();
                if (n.sum() <= 3) {
                    LOG.warn("{} {}: {}", incr ? "INCR" : "RPUSH", victim ? "(victim slot)" : "", e.toString());
                }
            }
            if (incr) {
                (outcome == ACK ? acked : outcome == NOT_SENT ? notSent : unknown).incrementAndGet(k);
                pending.decrementAndGet(k);
            } else {
                w.outcome[seq] = outcome;
                w.completed = seq + 1;
            }
        }
    }

    /** Stops the load; waits at most {@code waitMs} for commands in flight (those still in flight count as unknown). */
    public void stop(long waitMs) throws InterruptedException {
        running = false;
        stopNanos = System.nanoTime();
        long deadline = System.nanoTime() + waitMs * 1_000_000L;
        for (Thread t : threads) {
            t.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000L));
        }
        long stuck = threads.stream().filter(Thread::isAlive).count();
        if (stuck > 0) {
            LOG.warn("{} load threads still in a command {} ms after the stop", stuck, waitMs);
        }
    }

    /** The cluster failover fields: {@link #timing} and then {@link #accounting}. */
    public String result(long killNanos, long promoNanos, Path stateFile) throws IOException {
        return timing(killNanos, promoNanos) + accounting(stateFile);
    }

    /**
     * Acknowledged commands that completed in ({@code fromNanos}, {@code toNanos}], victim keys
     * and others alike; read after {@link #stop}.
     */
    public long acksBetween(long fromNanos, long toNanos) {
        long n = 0;
        for (Worker w : workers) {
            for (int i = 0; i < w.victimOk; i++) {
                n += w.victimOkEnds[i] > fromNanos && w.victimOkEnds[i] <= toNanos ? 1 : 0;
            }
            for (int i = 0; i < w.otherOk; i++) {
                n += w.otherOkEnds[i] > fromNanos && w.otherOkEnds[i] <= toNanos ? 1 : 0;
            }
        }
        return n;
    }

    /** When the load started, on the System.nanoTime() scale. */
    public long startNanos() {
        return startNanos;
    }

    /**
     * The timing fields around one kill: lag to the first success on a victim key after the
     * promotion (else after the kill), and the other keys' throughput during the outage.
     */
    public String timing(long killNanos, long promoNanos) {
        // The first success on a slot of the killed primary, after the promotion when it is known
        // (before it no node could serve those slots), else after the kill.
        long after = promoNanos > 0 ? promoNanos : killNanos;
        long first = Long.MAX_VALUE;
        long victimOkAfterKill = 0;
        long otherOkBefore = 0, otherOkOutage = 0;
        for (Worker w : workers) {
            for (int i = 0; i < w.victimOk; i++) {
                long e = w.victimOkEnds[i];
                if (e > after) {
                    first = Math.min(first, e);
                }
                victimOkAfterKill += e > killNanos ? 1 : 0;
            }
        }
        long outageEnd = first == Long.MAX_VALUE ? stopNanos : first;
        for (Worker w : workers) {
            for (int i = 0; i < w.otherOk; i++) {
                long e = w.otherOkEnds[i];
                otherOkBefore += e <= killNanos ? 1 : 0;
                otherOkOutage += e > killNanos && e <= outageEnd ? 1 : 0;
            }
        }
        double beforeRate = otherOkBefore / ((killNanos - startNanos) / 1e9);
        double outageRate = outageEnd > killNanos ? otherOkOutage / ((outageEnd - killNanos) / 1e9) : Double.NaN;
        return " fo_threads=" + workers.length
                + " victim_counters=" + count(counterOnVictim) + "/" + counters
                + " victim_lists=" + count(listOnVictim) + "/" + lists
                + " promo_ms=" + (promoNanos > 0 ? ms(promoNanos - killNanos) : "NaN")
                + " lag_kill_ms=" + (first == Long.MAX_VALUE ? "NaN" : ms(first - killNanos))
                + " lag_promo_ms=" + (first == Long.MAX_VALUE || promoNanos <= 0 ? "NaN" : ms(first - promoNanos))
                + " recovered=" + (first != Long.MAX_VALUE)
                + " victim_ok_after_kill=" + victimOkAfterKill
                + " other_rate_before=" + Math.round(beforeRate)
                + " other_rate_outage=" + (Double.isNaN(outageRate) ? "NaN" : Math.round(outageRate))
                + " other_outage_pct=" + (Double.isNaN(outageRate) || beforeRate <= 0 ? "NaN"
                        : fmt(100 * outageRate / beforeRate));
    }

    /**
     * The errors by type and the accounting against {@code stateFile} (see {@link #writeState}):
     * acknowledged, unknown and "never sent" commands, duplicates, "never sent" commands that ran,
     * ids nobody sent, and acknowledged writes that are missing (replication loss).
     */
    public String accounting(Path stateFile) throws IOException {
        Map<String, Long> finalCounters = new HashMap<>();
        Map<String, Integer> seen = new HashMap<>();
        for (String l : Files.readAllLines(stateFile)) {
            String[] p = l.trim().split("\\s+");
            if (p[0].equals("ctr")) {
                finalCounters.put(p[1], p[2].equals("nil") ? 0L : Long.parseLong(p[2]));
            } else if (p[0].equals("list")) {
                for (int i = 2; i < p.length; i++) {
                    seen.merge(p[i], 1, Integer::sum);
                }
            }
        }
        long listAcked = 0, listLost = 0, dupIds = 0, notSentIds = 0, notSentRan = 0, unknownIds = 0,
                unknownRan = 0, strangers = 0;
        for (int t = 0; t < workers.length; t++) {
            Worker w = workers[t];
            int done = w.completed;
            for (int s = 0; s < w.issued; s++) {
                byte o = s < done ? w.outcome[s] : UNKNOWN;
                int n = seen.getOrDefault("t" + t + ":" + s, 0);
                dupIds += Math.max(0, n - 1);
                switch (o) {
                    case ACK -> { listAcked++; listLost += n == 0 ? 1 : 0; }
                    case NOT_SENT -> { notSentIds++; notSentRan += n > 0 ? 1 : 0; }
                    default -> { unknownIds++; unknownRan += n > 0 ? 1 : 0; }
                }
            }
        }
        for (String id : seen.keySet()) {
            int colon = id.indexOf(':');
            int t = Integer.parseInt(id.substring(1, colon));
            if (t >= workers.length || Integer.parseInt(id.substring(colon + 1)) >= workers[t].issued) {
                strangers++;
            }
        }
        long incrAcked = 0, incrUnknown = 0, incrNotSent = 0, ctrExcess = 0, ctrLost = 0;
        for (int c = 0; c < counters; c++) {
            long f = finalCounters.getOrDefault(counterKey(c), 0L);
            long a = acked.get(c);
            long u = unknown.get(c) + pending.get(c);
            incrAcked += a;
            incrUnknown += u;
            incrNotSent += notSent.get(c);
            ctrExcess += Math.max(0, f - a - u);
            ctrLost += Math.max(0, a - f);
        }
        String kinds = new TreeMap<>(errors).entrySet().stream().map(e -> e.getKey() + ":" + e.getValue().sum())
                .collect(Collectors.joining(","));
        long errorTotal = errors.values().stream().mapToLong(LongAdder::sum).sum();
        return " fo_errors=" + errorTotal
                + " error_kinds=" + (kinds.isEmpty() ? "none" : kinds)
                + " incr_acked=" + incrAcked + " incr_unknown=" + incrUnknown + " incr_not_sent=" + incrNotSent
                + " ctr_dups=" + ctrExcess + " ctr_lost=" + ctrLost
                + " rpush_acked=" + listAcked + " rpush_unknown=" + unknownIds + " rpush_unknown_ran=" + unknownRan
                + " rpush_not_sent=" + notSentIds + " not_sent_ran=" + notSentRan
                + " list_dups=" + dupIds + " list_lost=" + listLost + " strangers=" + strangers
                + " dups=" + (ctrExcess + dupIds) + " repl_lost=" + (ctrLost + listLost);
    }

    /**
     * The accounting fields of one result line in words, for a report's list of runs: errors by
     * type, INCR and RPUSH outcomes, duplicates and replication loss.
     */
    public static String describe(Map<String, String> l) {
        return "errors " + l.get("fo_errors") + " [" + l.get("error_kinds") + "]; INCR acked/unknown/not-sent "
                + l.get("incr_acked") + '/' + l.get("incr_unknown") + '/' + l.get("incr_not_sent")
                + ", RPUSH acked/unknown(ran)/not-sent(ran) " + l.get("rpush_acked") + '/' + l.get("rpush_unknown")
                + '(' + l.get("rpush_unknown_ran") + ")/" + l.get("rpush_not_sent") + '(' + l.get("not_sent_ran")
                + "); duplicates: list " + l.get("list_dups") + ", counter " + l.get("ctr_dups")
                + "; replication loss: list " + l.get("list_lost") + ", counter " + l.get("ctr_lost");
    }

    private static int count(boolean[] b) {
        int n = 0;
        for (boolean x : b) {
            n += x ? 1 : 0;
        }
        return n;
    }

    private static String fmt(double v) {
        return Double.isNaN(v) ? "NaN" : String.format(Locale.ROOT, "%.1f", v);
    }

    private static String ms(long nanos) {
        return fmt(nanos / 1e6);
    }
}
