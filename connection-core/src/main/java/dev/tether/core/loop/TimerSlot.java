package dev.tether.core.loop;

import dev.tether.connection.Cancellable;
import dev.tether.connection.Scheduler;
import java.time.Duration;
import java.util.function.LongFunction;

/**
 * One generation-checked timer of a loop: the backoff timer or the idle timer. Arming or
 * cancelling moves the slot to a new generation; a fire is queued as a message stamped with the
 * generation it was armed in, and the loop acts on it only if {@link #claim} accepts it, so a
 * fire of a timer that was cancelled or re-armed meanwhile is dropped unseen. Loop only: the
 * scheduler's thread does nothing but queue the fire.
 */
final class TimerSlot {

    private final Scheduler scheduler;
    private final Mailbox<Message> mailbox;
    private final LongFunction<Message> fire;
    private long generation;
    private Cancellable timer;

    /** @param fire the message that tells the loop a timer of a given generation fired */
    TimerSlot(Scheduler scheduler, Mailbox<Message> mailbox, LongFunction<Message> fire) {
        this.scheduler = scheduler;
        this.mailbox = mailbox;
        this.fire = fire;
    }

    /** Replaces whatever timer the slot held with one that fires after {@code delay}. */
    void arm(Duration delay) {
        cancel();
        long armed = ++generation;
        timer = scheduler.schedule(delay, () -> mailbox.offerUnbounded(fire.apply(armed)));
    }

    /** Cancels the timer, if any; a fire of it already queued will not be claimed. */
    void cancel() {
        if (timer != null) {
            timer.cancel();
            timer = null;
        }
        generation++;
    }

    /** True, once, for the fire of the timer the slot holds now; the slot is empty afterwards. */
    boolean claim(long firedGeneration) {
        if (firedGeneration == generation && timer != null) {
            timer = null;
            return true;
        }
        return false;
    }
}
