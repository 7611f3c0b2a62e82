package dev.tether.benchmarks.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.util.JedisClusterCRC16;

/**
 * The load that runs across the failover, and what it left behind. {@code threads} threads share
 * the client; each command is, at random, an INCR of one of {@code counters} counters
 * ({@code fo:ctr:N}) or an RPUSH of a unique id ({@code t<thread>:<seq>}, a per-thread sequence
 * number) to one of {@code lists} lists ({@code fo:list:N}); the keys fall in different slots,
 * some of them in the slots of the primary that gets killed ({@code victimSlots}).
 *
 * <p>Every command's outcome is kept: acknowledged, failed with an error the client says means
 * "never sent" ({@link ClusterDriver#outcome}), failed otherwise (unknown), or still in flight
 * when the load stopped (unknown). {@link #result} compares them with what the cluster holds.
 */
final class FailoverLoad {

    private static final Logger LOG = LoggerFactory.getLogger(FailoverLoad.class);
    static final byte ACK = 1;
    static final byte NOT_SENT = 2;
    static final byte UNKNOWN = 3;
    /** How many counters and lists the load uses (the coordinator reads the same keys back). */
    static final int COUNTERS = 48;
    static final int LISTS = 6;

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

    private final ClusterDriver driver;
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

    FailoverLoad(ClusterDriver driver, int threads, int counters, int lists, BitSet victimSlots) {
        this.driver = driver;
        this.counters = counters;
        this.lists = lists;
        this.counterOnVictim = new boolean[counters];
        this.listOnVictim = new boolean[lists];
        for (int i = 0; i < counters; i++) {
            counterOnVictim[i] = victimSlots.get(JedisClusterCRC16.getSlot(counterKey(i)));
        }
        for (int i = 0; i < lists; i++) {
            listOnVictim[i] = victimSlots.get(JedisClusterCRC16.getSlot(listKey(i)));
        }
        this.workers = new Worker[threads];
        this.acked = new AtomicLongArray(counters);
        this.unknown = new AtomicLongArray(counters);
        this.notSent = new AtomicLongArray(counters);
        this.pending = new AtomicLongArray(counters);
    }

    static String counterKey(int i) {
        return "fo:ctr:" + i;
    }

    static String listKey(int i) {
        return "fo:list:" + i;
    }

    /** "0-5460,10923-16383" as a set of slots. */
    static BitSet parseSlots(String ranges) {
        BitSet slots = new BitSet(16_384);
        for (String r : ranges.split(",")) {
            String[] ab = r.split("-");
            slots.set(Integer.parseInt(ab[0]), Integer.parseInt(ab[ab.length - 1]) + 1);
        }
        return slots;
    }

    void start() {
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
            int k = incr ? rnd.nextInt(counters) : rnd.nextInt(lists);
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
                outcome = driver.outcome(e) == ClusterDriver.Outcome.NOT_SENT ? NOT_SENT : UNKNOWN;
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
    void stop(long waitMs) throws InterruptedException {
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

    /**
     * The failover fields: lag, throughput on the other primaries during the outage, errors by
     * type, and the accounting against {@code stateFile} (lines {@code ctr KEY VALUE} and
     * {@code list KEY ID ID ...}, written by the coordinator from the cluster's primaries).
     */
    String result(long killNanos, long promoNanos, Path stateFile) throws IOException {
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
        String kinds = new TreeMap<>(errors).entrySet().stream().map(e -> e.getKey() + ":" + e.getValue().sum())
                .collect(Collectors.joining(","));
        long errorTotal = errors.values().stream().mapToLong(LongAdder::sum).sum();
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
                        : ClusterRunner.fmt(100 * outageRate / beforeRate))
                + " fo_errors=" + errorTotal
                + " error_kinds=" + (kinds.isEmpty() ? "none" : kinds)
                + " incr_acked=" + incrAcked + " incr_unknown=" + incrUnknown + " incr_not_sent=" + incrNotSent
                + " ctr_dups=" + ctrExcess + " ctr_lost=" + ctrLost
                + " rpush_acked=" + listAcked + " rpush_unknown=" + unknownIds + " rpush_unknown_ran=" + unknownRan
                + " rpush_not_sent=" + notSentIds + " not_sent_ran=" + notSentRan
                + " list_dups=" + dupIds + " list_lost=" + listLost + " strangers=" + strangers
                + " dups=" + (ctrExcess + dupIds) + " repl_lost=" + (ctrLost + listLost);
    }

    private static int count(boolean[] b) {
        int n = 0;
        for (boolean x : b) {
            n += x ? 1 : 0;
        }
        return n;
    }

    private static String ms(long nanos) {
        return ClusterRunner.fmt(nanos / 1e6);
    }
}
