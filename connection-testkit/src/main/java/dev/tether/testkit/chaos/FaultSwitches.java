package dev.tether.testkit.chaos;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * The faults in force in each direction of a {@link ChaosProxy}, switched by the test thread and
 * read by every pump once per chunk: one atomic reference to an immutable {@link Faults} per
 * direction, plus the bytes still owed to {@link ChaosProxy#corruptNext(int, Direction)}.
 */
final class FaultSwitches {

    private final AtomicReference<Faults> up = new AtomicReference<>(Faults.PASS);
    private final AtomicReference<Faults> down = new AtomicReference<>(Faults.PASS);
    private final AtomicLong corruptNextUp = new AtomicLong();
    private final AtomicLong corruptNextDown = new AtomicLong();

    /** The faults now in force for {@code single}, which is UPSTREAM or DOWNSTREAM. */
    Faults get(Direction single) {
        return ref(single).get();
    }

    void update(Direction direction, UnaryOperator<Faults> change) {
        forEach(direction, d -> ref(d).updateAndGet(change));
    }

    void reset(Direction direction) {
        forEach(direction, d -> {
            ref(d).set(Faults.PASS);
            corruptNextCounter(d).set(0);
        });
    }

    void corruptNext(Direction direction, long bytes) {
        forEach(direction, d -> corruptNextCounter(d).set(bytes));
    }

    /** How many more bytes in {@code single} are to be inverted; the pumps count it down. */
    AtomicLong corruptNextCounter(Direction single) {
        return single == Direction.UPSTREAM ? corruptNextUp : corruptNextDown;
    }

    private AtomicReference<Faults> ref(Direction single) {
        return single == Direction.UPSTREAM ? up : down;
    }

    private static void forEach(Direction direction, Consumer<Direction> action) {
        Objects.requireNonNull(direction, "direction");
        if (direction.includes(Direction.UPSTREAM)) {
            action.accept(Direction.UPSTREAM);
        }
        if (direction.includes(Direction.DOWNSTREAM)) {
            action.accept(Direction.DOWNSTREAM);
        }
    }
}
