package dev.tether.redis;

import dev.tether.redis.ClusterRouter.Route;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.LockSupport;

/**
 * Pipelines and transactions on a cluster. A pipeline is split per node, each node's part sent in
 * one write, and the replies put back in the caller's order; the commands answered with a
 * redirect are re-sent, just those, to the node it names (after ASKING for an ASK), for at most
 * maxRedirects rounds. A transaction stays within one slot and goes to its node; redirected as a
 * whole (it then did not run), it is re-sent whole.
 */
final class ClusterBatches {

    private final DefaultRedisClusterClient cluster;

    ClusterBatches(DefaultRedisClusterClient cluster) {
        this.cluster = cluster;
    }

    private static List<Command<?>> copy(List<? extends Command<?>> commands, String what) {
        Objects.requireNonNull(commands, "commands");
        if (commands.isEmpty()) {
            throw new IllegalArgumentException("a " + what + " needs at least one command");
        }
        return List.copyOf(commands); // throws on a null element
    }

    List<Object> pipeline(List<? extends Command<?>> commands) {
        List<Command<?>> list = copy(commands, "pipeline");
        Object[] results = new Object[list.size()];
        Map<String, List<Integer>> plain = new LinkedHashMap<>();
        String[] targets = targets(list);
        for (int i = 0; i < list.size(); i++) {
            plain.computeIfAbsent(targets[i], t -> new ArrayList<>()).add(i);
        }
        Map<String, List<Integer>> asking = new LinkedHashMap<>();
        for (int round = 0; !plain.isEmpty() || !asking.isEmpty(); round++) {
            Map<String, CompletableFuture<List<Object>>> sent = new LinkedHashMap<>();
            Map<String, CompletableFuture<List<Object>>> sentAsking = new LinkedHashMap<>();
            plain.forEach((node, indices) -> sent.put(node, cluster.node(node).async()
                    .pipelineAsync(indices.stream().<Command<?>>map(list::get).toList())));
            asking.forEach((node, indices) -> {
                List<Command<?>> withAsking = new ArrayList<>(2 * indices.size());
                for (int i : indices) {
                    withAsking.add(DefaultRedisClusterClient.ASKING);
                    withAsking.add(list.get(i));
                }
                sentAsking.put(node, cluster.node(node).async().pipelineAsync(withAsking));
            });
            Map<String, List<Integer>> nextPlain = new LinkedHashMap<>();
            Map<String, List<Integer>> nextAsking = new LinkedHashMap<>();
            boolean tryAgain = false;
            for (boolean isAsking : new boolean[] {false, true}) {
                Map<String, List<Integer>> groups = isAsking ? asking : plain;
                for (Map.Entry<String, List<Integer>> group : groups.entrySet()) {
                    List<Object> replies = SyncWait.await((isAsking ? sentAsking : sent).get(group.getKey()));
                    List<Integer> indices = group.getValue();
                    for (int j = 0; j < indices.size(); j++) {
                        int index = indices.get(j);
                        Object reply = replies.get(isAsking ? 2 * j + 1 : j);
                        ClusterRedirect redirect = reply instanceof RedisError e ? ClusterRedirect.of(e) : null;
                        if (redirect == null || round >= cluster.options.maxRedirects()) {
                            results[index] = reply;
                            continue;
                        }
                        if (redirect.moved()) {
                            cluster.topology.move(redirect.slot(), redirect.address());
                            cluster.refreshSoon();
                        }
                        if (redirect.address() == null) {
                            tryAgain = true;
                            nextPlain.computeIfAbsent(group.getKey(), t -> new ArrayList<>()).add(index);
                        } else {
                            (redirect.ask() ? nextAsking : nextPlain)
                                    .computeIfAbsent(redirect.address(), t -> new ArrayList<>()).add(index);
                        }
                    }
                }
            }
            if (tryAgain) {
                LockSupport.parkNanos(DefaultRedisClusterClient.TRYAGAIN_PAUSE_NANOS);
            }
            plain = nextPlain;
            asking = nextAsking;
        }
        return java.util.Collections.unmodifiableList(java.util.Arrays.asList(results));
    }

    /**
     * Each command's node: a keyed one's slot owner; a keyless one (WAIT, PING, ...) goes with the
     * nearest keyed command before it (or, with none before it, the first after it), so that
     * {@code [RPUSH k v, WAIT 1 1000]} waits for that write's replica; with no key at all, any primary.
     */
    private String[] targets(List<Command<?>> list) {
        String[] targets = new String[list.size()];
        boolean keyless = false;
        for (int i = 0; i < list.size(); i++) {
            Route route = cluster.router.route(list.get(i));
            switch (route.kind()) {
                case SLOT -> targets[i] = cluster.owner(route.slot());
                case ANY -> keyless = true;
                default -> throw new IllegalArgumentException(list.get(i).name() + " at index " + i
                        + " cannot be part of a cluster pipeline (it spans slots or every primary): send it on its own");
            }
        }
        if (keyless) {
            String previous = null;
            for (String t : targets) {
                if (t != null) {
                    previous = t;
                    break;
                }
            }
            previous = previous != null ? previous : cluster.anyPrimary();
            for (int i = 0; i < targets.length; i++) {
                if (targets[i] == null) {
                    targets[i] = previous;
                }
                previous = targets[i];
            }
        }
        return targets;
    }

    List<Object> transaction(List<? extends Command<?>> commands) {
        List<Command<?>> list = copy(commands, "transaction");
        int slot = cluster.router.oneSlot(list);
        String target = slot >= 0 ? cluster.owner(slot) : cluster.anyPrimary();
        for (int redirects = 0; ; redirects++) {
            try {
                return cluster.node(target).transaction(list);
            } catch (RedisErrorException e) {
                ClusterRedirect redirect = ClusterRedirect.of(e.error());
                if (redirect == null) {
                    redirect = inAbort(e.error()); // EXECABORT (first error: MOVED ...): nothing ran
                }
                if (redirect == null) {
                    throw e;
                }
                if (redirects >= cluster.options.maxRedirects()) {
                    throw DefaultRedisClusterClient.tooManyRedirects(list.get(0), e);
                }
                if (redirect.moved()) {
                    cluster.topology.move(redirect.slot(), redirect.address());
                    cluster.refreshSoon();
                    target = redirect.address();
                } else {
                    // ASK or TRYAGAIN: the slot is migrating; once it has moved, MOVED names the node
                    LockSupport.parkNanos(DefaultRedisClusterClient.TRYAGAIN_PAUSE_NANOS);
                }
            }
        }
    }

    /** The redirect named as an EXECABORT's first error, or null. */
    private static ClusterRedirect inAbort(RedisError error) {
        String m = error.message();
        int at = m.indexOf("(first error: ");
        if (!error.code().equals("EXECABORT") || at < 0) {
            return null;
        }
        String first = m.substring(at + "(first error: ".length(), m.endsWith(")") ? m.length() - 1 : m.length());
        return ClusterRedirect.of(new RedisError(first));
    }
}
