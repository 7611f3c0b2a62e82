package dev.tether.redis.reliability;

import static dev.tether.redis.reliability.Reliability.COMPLETION_BOUND;
import static dev.tether.redis.reliability.Reliability.ms;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tether.connection.BackoffPolicy;
import dev.tether.connection.ConnectionState;
import dev.tether.redis.Commands;
import dev.tether.redis.RedisClient;
import dev.tether.redis.RedisConnectionException;
import dev.tether.redis.RedisConnectionException.Reason;
import dev.tether.redis.RedisOptions;
import dev.tether.redis.reliability.Reliability.Events;
import dev.tether.testkit.LeakCheckExtension;
import dev.tether.testkit.chaos.ChaosProxy;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Scenario 5: at most once under faults the server survives (proxy resets, CLIENT KILL, SIGSTOP
 * long enough for the health check to give up, refused reconnects). Every command RPUSHes its own
 * unique id onto one list (single commands, pipelines of two, MULTI/EXEC of two); afterwards the list is read back: no id is there twice (nothing was replayed), every
 * acknowledged id is there exactly once and at the index its RPUSH reply named (the reply went to
 * the right caller), ids that failed in doubt (DISCONNECTED, TIMEOUT, HEALTH_CHECK) are there at
 * most once, ids that failed with CLOSED (never sent) are not there at all, and a transaction's
 * two ids are both there or both absent.
 */
@ExtendWith(LeakCheckExtension.class)
class AtMostOnceTest extends FreshServerTest {

    private static final int CALLERS = 16;
    private static final String LIST = "rel:at-most-once";
    private static final int OK_BETWEEN_FAULTS = 2_000;

    /**
     * PROXY_RESET: the proxy resets the connection; CLIENT_KILL: the server drops its clients;
     * SIGSTOP: the server freezes until the health check gives up; PROXY_REFUSE: the connection is
     * reset and reconnects are refused for a while, so that commands fail with CLOSED.
     */
    private enum Fault { PROXY_RESET, CLIENT_KILL, SIGSTOP, PROXY_REFUSE }


    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void noCommandRunsTwiceAndNeverSentMeansNotRun() throws Exception {
        int rounds = Reliability.soak() ? 10 : 3;
        List<Fault> plan = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            plan.addAll(List.of(Fault.PROXY_RESET, Fault.CLIENT_KILL, Fault.SIGSTOP, Fault.PROXY_REFUSE));
        }
        Map<String, Long> acked = new ConcurrentHashMap<>();
        Map<String, Reason> inDoubt = new ConcurrentHashMap<>();
        Set<String> closed = ConcurrentHashMap.newKeySet();
        Map<String, Reason> otherFailures = new ConcurrentHashMap<>();
        Events events = new Events();
        Map<Fault, Integer> injected = new LinkedHashMap<>();
        List<Long> sigstopDetectionMs = new ArrayList<>();
        Load load;
        try (ChaosProxy proxy = ChaosProxy.start(new InetSocketAddress("127.0.0.1", server.port()));
             RedisClient redis = RedisClient.connect(Reliability.options(proxy.port(), events).syncConnect(true)
                     .clientName("rel-at-most-once").build())) {
            load = new Load(CALLERS, COMPLETION_BOUND, Duration.ofSeconds(200), 10_000_000L, new Load.Op() {
                @Override
                public CompletableFuture<?> issue(int thread, long n) {
                    List<String> ids = ids(thread, n);
                    return switch (kind(n)) {
                        case SINGLE -> redis.async().rpush(LIST, ids.get(0));
                        case PIPELINE -> redis.async().pipelineAsync(List.of(Commands.rpush(LIST, List.of(ids.get(0))),
                                Commands.rpush(LIST, List.of(ids.get(1)))));
                        case TRANSACTION -> redis.async().transactionAsync(List.of(Commands.rpush(LIST, List.of(ids.get(0))),
                                Commands.rpush(LIST, List.of(ids.get(1)))));
                    };
                }

                @Override
                public void succeeded(int thread, long n, Object value) {
                    List<String> ids = ids(thread, n);
                    if (kind(n) == Kind.SINGLE) {
                        acked.put(ids.get(0), (Long) value);
                        return;
                    }
                    List<?> replies = (List<?>) value;
                    if (replies.size() != ids.size()) {
                        throw new AssertionError(kind(n) + " " + ids + " answered " + replies);
                    }
                    for (int i = 0; i < ids.size(); i++) {
                        if (!(replies.get(i) instanceof Long length)) {
                            throw new AssertionError(kind(n) + " " + ids + " answered " + replies);
                        }
                        acked.put(ids.get(i), length);
                    }
                }

                @Override
                public void failed(int thread, long n, RedisConnectionException e, long tookNanos) {
                    for (String id : ids(thread, n)) {
                        switch (e.reason()) {
                            case DISCONNECTED, TIMEOUT, HEALTH_CHECK -> inDoubt.put(id, e.reason());
                            case CLOSED -> closed.add(id);
                            default -> otherFailures.put(id, e.reason());
                        }
                    }
                }
            }).start("at-most-once");
            try {
                Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10))
                        .until(() -> load.ok.sum() >= OK_BETWEEN_FAULTS);
                for (Fault fault : plan) {
                    long disconnects = events.disconnectedCount();
                    long faultAt = System.nanoTime();
                    switch (fault) {
                        case PROXY_RESET -> assertTrue(proxy.cutWithReset() >= 1, "nothing to cut");
                        case CLIENT_KILL -> assertTrue((Long) server.execute("CLIENT", "KILL", "TYPE", "normal") >= 1,
                                "CLIENT KILL killed nobody");
                        case SIGSTOP -> {
                            server.pause();
                            try {
                                // frozen until the client's health check has given the connection up
                                Awaitility.await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(5))
                                        .until(() -> events.disconnectedCount() > disconnects);
                                sigstopDetectionMs.add(ms(events.disconnectsSince(faultAt).get(0).nanos() - faultAt));
                            } finally {
                                server.resume();
                            }
                        }
                        case PROXY_REFUSE -> {
                            int closedBefore = closed.size();
                            proxy.refuseNew(true);
                            try {
                                assertTrue(proxy.cutWithReset() >= 1, "nothing to cut");
                                // refused until some callers were told CLOSED (not sent)
                                Awaitility.await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(5))
                                        .until(() -> closed.size() >= closedBefore + 500);
                            } finally {
                                proxy.refuseNew(false);
                            }
                        }
                    }
                    injected.merge(fault, 1, Integer::sum);
                    Awaitility.await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(5))
                            .until(() -> events.disconnectedCount() > disconnects);
                    long okBefore = load.ok.sum();
                    Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(5))
                            .until(() -> load.ok.sum() >= okBefore + OK_BETWEEN_FAULTS);
                }
            } finally {
                load.stop();
            }
            assertTrue(load.stillRunning().isEmpty(), () -> "callers did not finish: " + load.stillRunning());
            assertTrue(load.awaitSettled(Duration.ofSeconds(5)), () -> "futures never completed: " + load.figures());
            assertEquals(ConnectionState.CONNECTED, redis.state());
        }

        // Read the list back on a fresh client with a generous deadline.
        List<String> list;
        try (RedisClient reader = RedisClient.connect(RedisOptions.builder().port(server.port()).syncConnect(true)
                .commandTimeout(Duration.ofSeconds(30)).backoffPolicy(BackoffPolicy.constant(Duration.ofMillis(50))).build())) {
            list = reader.lrange(LIST, 0, -1);
        }
        Map<String, Integer> seen = new HashMap<>();
        for (String id : list) {
            seen.merge(id, 1, Integer::sum);
        }
        List<String> duplicates = seen.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).toList();
        Set<String> known = new HashSet<>(acked.keySet());
        known.addAll(inDoubt.keySet());
        known.addAll(closed);
        known.addAll(otherFailures.keySet());
        List<String> phantoms = seen.keySet().stream().filter(id -> !known.contains(id)).toList();
        List<String> ackedMissing = new ArrayList<>();
        List<String> ackedMisplaced = new ArrayList<>();
        for (Map.Entry<String, Long> e : acked.entrySet()) {
            Integer count = seen.get(e.getKey());
            if (count == null) {
                ackedMissing.add(e.getKey());
            }
            long index = e.getValue() - 1;
            if (index < 0 || index >= list.size() || !list.get((int) index).equals(e.getKey())) {
                ackedMisplaced.add(e.getKey() + "@" + e.getValue());
            }
        }
        long inDoubtApplied = inDoubt.keySet().stream().filter(seen::containsKey).count();
        // MULTI/EXEC is all or nothing, faults or not: both ids of a transaction are there, or neither
        List<String> torn = new ArrayList<>();
        long transactions = 0;
        for (String id : known) {
            if (id.endsWith("t0")) {
                transactions++;
                String other = id.substring(0, id.length() - 1) + "1";
                if (seen.containsKey(id) != seen.containsKey(other)) {
                    torn.add(id + "/" + other);
                }
            }
        }
        List<String> closedApplied = closed.stream().filter(seen::containsKey).toList();
        Map<Reason, Long> inDoubtByReason = new java.util.EnumMap<>(Reason.class);
        inDoubt.values().forEach(r -> inDoubtByReason.merge(r, 1L, Long::sum));

        System.out.printf("reliability scenario=at-most-once faults=%d injected=%s callers=%d %s listLength=%d"
                        + " acked=%d inDoubt=%d%s inDoubtApplied=%d closed=%d closedApplied=%d duplicates=%d phantoms=%d"
                        + " ackedMissing=%d ackedMisplaced=%d transactions=%d tornTransactions=%d sigstopDetectionMs=%s%n",
                plan.size(), injected, CALLERS, load.figures(), list.size(), acked.size(), inDoubt.size(), inDoubtByReason,
                inDoubtApplied, closed.size(), closedApplied.size(), duplicates.size(), phantoms.size(),
                ackedMissing.size(), ackedMisplaced.size(), transactions, torn.size(), sigstopDetectionMs);

        assertTrue(load.unexpected.isEmpty(), () -> "unexpected outcomes: " + load.unexpected);
        assertEquals(0, load.lost(), load::figures);
        assertEquals(0, load.stuck.sum(), load::figures);
        assertTrue(otherFailures.isEmpty(), () -> "failures other than in-doubt or CLOSED: " + otherFailures);
        assertTrue(duplicates.isEmpty(), () -> "ids applied twice (replayed): " + first(duplicates));
        assertTrue(phantoms.isEmpty(), () -> "ids on the server that were never issued: " + first(phantoms));
        assertTrue(ackedMissing.isEmpty(), () -> "acknowledged ids missing on the server: " + first(ackedMissing));
        assertTrue(ackedMisplaced.isEmpty(), () -> "RPUSH replies that do not match the id's position"
                + " (a reply reached the wrong caller?): " + first(ackedMisplaced));
        assertTrue(torn.isEmpty(), () -> "transactions applied in part: " + first(torn));
        assertTrue(closedApplied.isEmpty(), () -> "ids that failed CLOSED (never sent) but ran: " + first(closedApplied));
        assertTrue(inDoubt.size() > 0, "no command was in flight at any fault: the faults were not really hit");
        assertTrue(closed.size() > 0, "no command failed CLOSED: the refusal was not really hit");
        assertEquals(acked.size() + inDoubtApplied, list.size(), "the list holds exactly the acknowledged ids and"
                + " the in-doubt ids that ran");
    }

    /** Most commands are single RPUSHes; every fifth is a pipeline of two, every fifth a MULTI/EXEC of two. */
    private enum Kind { SINGLE, PIPELINE, TRANSACTION }

    private static Kind kind(long n) {
        return switch ((int) (n % 5)) {
            case 0 -> Kind.PIPELINE;
            case 1 -> Kind.TRANSACTION;
            default -> Kind.SINGLE;
        };
    }

    /** The ids command {@code n} of caller {@code thread} pushes: "3-17", or "3-20p0" and "3-20p1", or "3-21t0" and "3-21t1". */
    private static List<String> ids(int thread, long n) {
        String id = thread + "-" + n;
        return switch (kind(n)) {
            case SINGLE -> List.of(id);
            case PIPELINE -> List.of(id + "p0", id + "p1");
            case TRANSACTION -> List.of(id + "t0", id + "t1");
        };
    }

    private static List<String> first(List<String> ids) {
        return ids.subList(0, Math.min(10, ids.size()));
    }
}
