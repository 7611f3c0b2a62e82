package dev.tether.redis;

import dev.tether.redis.CommandFinished.Outcome;
import dev.tether.redis.RedisConnectionException.Reason;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client's reporting of its commands to the {@link CommandListener} (if any) and to the
 * {@link RedisCommandEvent} JFR event (if enabled). {@link #observe} returns null when neither
 * listens, so an unobserved command allocates nothing here. A listener that throws is logged once.
 */
final class CommandObserver {

    private static final Logger log = LoggerFactory.getLogger(CommandObserver.class);

    private final CommandListener listener;
    private final Supplier<String> node;
    private final String role;
    private final AtomicBoolean warned = new AtomicBoolean();

    /**
     * @param listener the options' listener, or null
     * @param node the node's address now (under Sentinel it moves)
     * @param role {@code primary} or {@code replica}
     */
    CommandObserver(CommandListener listener, Supplier<String> node, String role) {
        this.listener = listener;
        this.node = node;
        this.role = role;
    }

    /** An observation of {@code command}, started now; null when nobody listens. */
    Observation observe(Command<?> command) {
        if (listener == null && !RedisCommandEvent.TYPE.isEnabled()) {
            return null;
        }
        return new Observation(List.of(command), false, false);
    }

    /** An observation of a pipeline or (with {@code transaction}) a transaction; null when nobody listens. */
    Observation observe(List<Command<?>> commands, boolean transaction) {
        if (listener == null && !RedisCommandEvent.TYPE.isEnabled()) {
            return null;
        }
        return new Observation(commands, transaction, true);
    }

    /** A subscriber delivered one message. */
    void delivered() {
        if (listener != null) {
            try {
                listener.messageDelivered(node.get());
            } catch (RuntimeException e) {
                complain(e);
            }
        }
    }

    /** A subscriber dropped {@code count} messages. */
    void dropped(long count) {
        if (listener != null) {
            try {
                listener.messagesDropped(node.get(), count);
            } catch (RuntimeException e) {
                complain(e);
            }
        }
    }

    private void complain(RuntimeException e) {
        if (warned.compareAndSet(false, true)) {
            log.warn("the command listener {} threw; it is ignored (logged once per client)", listener, e);
        }
    }

    /** One command or batch on its way: finish it exactly once with {@link #succeeded} or {@link #failed}. */
    final class Observation {
        private final List<Command<?>> commands;
        private final boolean transaction;
        /** Whether the reply is a list of replies, one per command (a pipeline, a transaction, Pub/Sub commands). */
        private final boolean batch;
        private final String at;
        private final long startNanos;
        private final RedisCommandEvent event;

        private Observation(List<Command<?>> commands, boolean transaction, boolean batch) {
            this.commands = commands;
            this.transaction = transaction;
            this.batch = batch;
            this.at = node.get();
            if (listener != null) {
                for (Command<?> c : commands) {
                    try {
                        listener.started(c.name(), at);
                    } catch (RuntimeException e) {
                        complain(e); // and go on: each command of a batch is started, as each is finished
                    }
                }
            }
            RedisCommandEvent e = null;
            if (RedisCommandEvent.TYPE.isEnabled()) {
                e = new RedisCommandEvent();
                e.begin();
            }
            this.event = e;
            this.startNanos = System.nanoTime();
        }

        /** The reply arrived: for a batch, its list of replies (a {@link RedisError} per refused command; null for an aborted transaction). */
        void succeeded(Object reply) {
            long latency = System.nanoTime() - startNanos;
            if (!batch) {
                report(0, latency, Outcome.OK, null);
                commitEvent(Outcome.OK, null);
            } else if (reply == null) {
                for (int i = 0; i < commands.size(); i++) {
                    report(i, latency, Outcome.ABORTED, null);
                }
                commitEvent(Outcome.ABORTED, null);
            } else {
                List<?> replies = (List<?>) reply;
                Outcome worst = Outcome.OK; // the batch's event: SERVER_ERROR if any command was refused
                for (int i = 0; i < commands.size(); i++) {
                    Object r = i < replies.size() ? replies.get(i) : null;
                    Outcome outcome = r instanceof RedisError ? Outcome.SERVER_ERROR : Outcome.OK;
                    report(i, latency, outcome, null);
                    if (outcome != Outcome.OK) {
                        worst = outcome;
                    }
                }
                commitEvent(worst, null);
            }
        }

        /** The command failed with {@code error} (a future's failure may come wrapped). */
        void failed(Throwable error) {
            long latency = System.nanoTime() - startNanos;
            Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            Outcome outcome;
            Reason reason = null;
            if (cause instanceof RedisErrorException) {
                outcome = Outcome.SERVER_ERROR;
            } else if (cause instanceof RedisConnectionException c) {
                outcome = Outcome.FAILED;
                reason = c.reason();
            } else {
                outcome = Outcome.FAILED; // a reply of a shape the command never returns
                reason = Reason.PROTOCOL_ERROR;
            }
            for (int i = 0; i < commands.size(); i++) {
                report(i, latency, outcome, reason);
            }
            commitEvent(outcome, reason);
        }

        /** Completes {@code future}'s observation when it completes; returns it. */
        <T> java.util.concurrent.CompletableFuture<T> attach(java.util.concurrent.CompletableFuture<T> future) {
            future.whenComplete((value, error) -> {
                if (error == null) {
                    succeeded(value);
                } else {
                    failed(error);
                }
            });
            return future;
        }

        private void report(int i, long latency, Outcome outcome, Reason reason) {
            String name = commands.get(i).name();
            if (listener != null) {
                try {
                    listener.finished(new CommandFinished(name, at, role, latency, outcome, reason, commands.size()));
                } catch (RuntimeException e) {
                    complain(e);
                }
            }
        }

        /** Commits the one event of this command or batch (if on), with the batch's outcome. */
        private void commitEvent(Outcome outcome, Reason reason) {
            if (event != null) {
                event.end();
                if (event.shouldCommit()) {
                    event.command = !batch ? commands.get(0).name()
                            : (transaction ? "MULTI" : "PIPELINE") + "(" + commands.size() + ")";
                    event.node = at;
                    event.role = role;
                    event.outcome = reason != null ? reason.name() : outcome.name();
                    event.commit();
                }
            }
        }
    }
}
