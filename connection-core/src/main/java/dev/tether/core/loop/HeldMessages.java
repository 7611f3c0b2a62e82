package dev.tether.core.loop;

import dev.tether.connection.MailboxFullException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a loop holds back from the mailbox order. Loop only.
 * <ul>
 *   <li>Postponed messages (a Postpone result) wait for the next state change, then come back
 *       through the replay queue, oldest first, before anything newer (as in gen_statem).</li>
 *   <li>Deferred calls (NoReply, or a call whose callback failed) wait for an answer from the
 *       behaviour or for the process to stop, which fails them.</li>
 * </ul>
 */
final class HeldMessages {

    // Logs under the loop's name: operators configure and search for that one.
    private static final Logger log = LoggerFactory.getLogger(ConnectionLoop.class);

    private final Lifecycle lifecycle;
    private final int postponeCapacity;
    private final ArrayDeque<Message> postponed = new ArrayDeque<>();
    private final ArrayDeque<Message> replay = new ArrayDeque<>();
    private final ArrayList<PendingCall<?>> deferred = new ArrayList<>();
    private int deferredSweepAt = 1024;

    HeldMessages(Lifecycle lifecycle, int postponeCapacity) {
        this.lifecycle = lifecycle;
        this.postponeCapacity = postponeCapacity;
    }

    /** The next postponed message to handle again, or null; taken before the mailbox. */
    Message nextReplay() {
        return replay.pollFirst();
    }

    /** The state changed: postponed messages come back before newer ones. */
    void stateChanged() {
        while (!postponed.isEmpty()) {
            replay.addFirst(postponed.pollLast());
        }
    }

    void postpone(Message m) {
        if (postponed.size() >= postponeCapacity) {
            // Callers who gave up (or whose deadline passed) must not hold places (Postpone javadoc).
            postponed.removeIf(p -> p instanceof Mail.Call c && (c.pending().isDone() || expireIfDue(c.pending())));
        }
        if (postponed.size() >= postponeCapacity) {
            RuntimeException full = lifecycle.translate(
                    new MailboxFullException(lifecycle.name, "postpone queue", postponeCapacity));
            if (m instanceof Mail.Call c) {
                c.pending().fail(full);
            } else {
                log.error("{}: dropped a postponed {}", lifecycle.name, m, full);
            }
            return;
        }
        postponed.addLast(m);
    }

    private static boolean expireIfDue(PendingCall<?> call) {
        if (call.deadlinePassed()) {
            call.expire();
            return true;
        }
        return false;
    }

    /** Keeps {@code call}, taken without a reply, until it is answered or the process stops. */
    void defer(PendingCall<?> call) {
        if (call.isDone()) {
            return;
        }
        deferred.add(call);
        if (deferred.size() >= deferredSweepAt) {
            // Amortised clean-up: answered calls leave the list here, not on the reply path,
            // which may run on any thread.
            deferred.removeIf(PendingCall::isDone);
            deferredSweepAt = Math.max(1024, deferred.size() * 2);
        }
    }

    /**
     * The process stopped: fails every held call with {@code error} and empties the queues.
     * Returns how many casts and info messages were dropped.
     */
    int failAll(RuntimeException error) {
        for (PendingCall<?> call : deferred) {
            call.fail(error);
        }
        deferred.clear();
        return failAll(replay, error) + failAll(postponed, error);
    }

    private static int failAll(ArrayDeque<Message> queue, RuntimeException error) {
        int dropped = 0;
        for (Message m : queue) {
            dropped += failOne(m, error);
        }
        queue.clear();
        return dropped;
    }

    /** Fails {@code m} if it is a call; 1 if it was a cast or info message, dropped unhandled. */
    static int failOne(Message m, RuntimeException error) {
        return switch (m) {
            case Mail.Call c -> {
                c.pending().fail(error);
                yield 0;
            }
            case Mail.Cast c -> 1;
            case Mail.Info i -> 1;
            case Mail.BackoffFire f -> 0;
            case Mail.IdleFire f -> 0;
            case Mail.Delayed d -> 0;
        };
    }
}
