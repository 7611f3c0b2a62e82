package dev.tether.testkit;

import dev.tether.connection.CallResult;
import dev.tether.connection.CastResult;
import dev.tether.connection.ConnectResult;
import dev.tether.connection.Connection;
import dev.tether.connection.ConnectionContext;
import dev.tether.connection.DisconnectResult;
import dev.tether.connection.InfoResult;
import dev.tether.connection.InitResult;
import dev.tether.connection.ReplyTo;
import dev.tether.connection.StopReason;
import java.util.Objects;

/**
 * Wraps the behaviour under {@link ConnectionConformance} and writes its lifecycle callbacks to a
 * {@link ConformanceLog}, so the suite can assert on their order (terminate before the Stopped
 * event, connect running when stop is asked). Everything else is passed through untouched,
 * including the context, so sockets opened with it deliver to the real loop. Info messages and
 * mailboxDrained are not logged: socket data would drown the lifecycle.
 */
final class ConformanceRecorder<Q, R> implements Connection<Q, R> {

    private final Connection<Q, R> behaviour;
    private final ConformanceLog log;
    private volatile Runnable beforeTerminate = () -> { };

    ConformanceRecorder(Connection<Q, R> behaviour, ConformanceLog log) {
        this.behaviour = Objects.requireNonNull(behaviour, "behaviour");
        this.log = log;
    }

    /** Runs {@code check} on the loop when terminate is called, before the behaviour's terminate. */
    void beforeTerminate(Runnable check) {
        this.beforeTerminate = Objects.requireNonNull(check, "check");
    }

    @Override
    public InitResult init(ConnectionContext<Q, R> context) {
        log.callback("init", null);
        return behaviour.init(context);
    }

    @Override
    public ConnectResult connect(Object info) {
        log.callback("connect", info);
        ConnectResult result = behaviour.connect(info);
        log.callback("connect returned", result);
        return result;
    }

    @Override
    public DisconnectResult disconnect(Object info) {
        log.callback("disconnect", info);
        return behaviour.disconnect(info);
    }

    @Override
    public CallResult<R> handleCall(Q request, ReplyTo<R> from) {
        log.callback("handleCall", request);
        return behaviour.handleCall(request, from);
    }

    @Override
    public CastResult handleCast(Q request) {
        log.callback("handleCast", request);
        return behaviour.handleCast(request);
    }

    @Override
    public InfoResult handleInfo(Object message) {
        return behaviour.handleInfo(message);
    }

    @Override
    public InfoResult mailboxDrained() {
        return behaviour.mailboxDrained();
    }

    @Override
    public void terminate(StopReason reason) {
        beforeTerminate.run();
        log.callback("terminate", reason);
        behaviour.terminate(reason);
    }

    @Override
    public String formatState() {
        return behaviour.formatState();
    }
}
