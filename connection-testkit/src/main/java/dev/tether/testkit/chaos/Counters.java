package dev.tether.testkit.chaos;

import java.util.concurrent.atomic.LongAdder;

/** The counters of one {@link ChaosProxy}, kept per direction where that makes sense. */
final class Counters {

    private final LongAdder forwardedUp = new LongAdder();
    private final LongAdder forwardedDown = new LongAdder();
    private final LongAdder droppedUp = new LongAdder();
    private final LongAdder droppedDown = new LongAdder();
    private final LongAdder corruptedUp = new LongAdder();
    private final LongAdder corruptedDown = new LongAdder();
    final LongAdder accepted = new LongAdder();
    final LongAdder refused = new LongAdder();
    final LongAdder upstreamFailures = new LongAdder();
    final LongAdder cut = new LongAdder();

    void forwarded(Direction single, long n) {
        (single == Direction.UPSTREAM ? forwardedUp : forwardedDown).add(n);
    }

    void dropped(Direction single, long n) {
        (single == Direction.UPSTREAM ? droppedUp : droppedDown).add(n);
    }

    void corrupted(Direction single, long n) {
        (single == Direction.UPSTREAM ? corruptedUp : corruptedDown).add(n);
    }

    long forwarded(Direction d) {
        return sum(d, forwardedUp, forwardedDown);
    }

    long dropped(Direction d) {
        return sum(d, droppedUp, droppedDown);
    }

    long corrupted(Direction d) {
        return sum(d, corruptedUp, corruptedDown);
    }

    private static long sum(Direction d, LongAdder up, LongAdder down) {
        long total = 0;
        if (d.includes(Direction.UPSTREAM)) {
            total += up.sum();
        }
        if (d.includes(Direction.DOWNSTREAM)) {
            total += down.sum();
        }
        return total;
    }
}
