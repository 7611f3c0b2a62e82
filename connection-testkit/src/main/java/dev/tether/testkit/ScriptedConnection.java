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
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A connection whose callbacks run lambdas supplied by the test: the "EvalConn" trick of the
 * Elixir {@code connection} test suite. Two ways to script it, freely mixed:
 * <ul>
 *   <li>Handlers: {@code onConnect(info -> ConnectResult.ok())}, swappable at any time, even while
 *       the connection runs (the fields are volatile).</li>
 *   <li>Evaluation: call or cast an {@link Eval} and its lambda runs inside handleCall or
 *       handleCast, on the loop: {@code ref.call(Eval.call(from -> CallResult.disconnect("x")))}.
 *       Likewise an {@link Eval} sent as info runs inside handleInfo.</li>
 * </ul>
 * Every callback is recorded in {@link #journal()} with its argument and thread, so tests can
 * assert on order. Defaults: init connects with info {@code "init"}, connect succeeds, disconnect
 * backs off by policy, drained and terminate do nothing, and calls/casts/infos that are not
 * {@link Eval}s crash the connection with a clear message.
 */
public final class ScriptedConnection implements Connection<Object, Object> {

    /** One recorded callback. */
    public record Invocation(String callback, Object argument, Thread thread) {
        @Override
        public String toString() {
            return callback + "(" + argument + ")";
        }
    }

    /** A lambda to run inside a callback; send it as a call, cast or info. */
    public sealed interface Eval {
        /** Runs {@code body} inside handleCall. */
        static Eval call(Function<ReplyTo<Object>, CallResult<Object>> body) {
            return new CallEval(body);
        }

        /** Runs {@code body} inside handleCast. */
        static Eval cast(Supplier<CastResult> body) {
            return new CastEval(body);
        }

        /** Runs {@code body} inside handleInfo. */
        static Eval info(Supplier<InfoResult> body) {
            return new InfoEval(body);
        }
    }

    record CallEval(Function<ReplyTo<Object>, CallResult<Object>> body) implements Eval {
    }

    record CastEval(Supplier<CastResult> body) implements Eval {
    }

    record InfoEval(Supplier<InfoResult> body) implements Eval {
    }

    private final List<Invocation> journal = new CopyOnWriteArrayList<>();
    private volatile ConnectionContext<Object, Object> context;
    private volatile Function<ConnectionContext<Object, Object>, InitResult> onInit = c -> InitResult.connect("init");
    private volatile Function<Object, ConnectResult> onConnect = info -> ConnectResult.ok();
    private volatile Function<Object, DisconnectResult> onDisconnect =
            info -> DisconnectResult.backoff(dev.tether.connection.Backoff.byPolicy());
    private volatile BiFunction<Object, ReplyTo<Object>, CallResult<Object>> onCall = (r, f) -> evalCall(r, f);
    private volatile Function<Object, CastResult> onCast = ScriptedConnection::evalCast;
    private volatile Function<Object, InfoResult> onInfo = ScriptedConnection::evalInfo;
    private volatile Supplier<InfoResult> onDrained = InfoResult::noReply;
    private volatile Consumer<StopReason> onTerminate = reason -> { };
    private volatile Supplier<String> formatState = () -> "ScriptedConnection";

    /** Sets what init does (default: Connect("init")). */
    public ScriptedConnection onInit(Function<ConnectionContext<Object, Object>, InitResult> handler) {
        this.onInit = Objects.requireNonNull(handler);
        return this;
    }

    /** Sets what connect does (default: Ok). */
    public ScriptedConnection onConnect(Function<Object, ConnectResult> handler) {
        this.onConnect = Objects.requireNonNull(handler);
        return this;
    }

    /** Sets what disconnect does (default: Backoff.byPolicy()). */
    public ScriptedConnection onDisconnect(Function<Object, DisconnectResult> handler) {
        this.onDisconnect = Objects.requireNonNull(handler);
        return this;
    }

    /** Sets what handleCall does with requests (default: run {@link Eval}s, crash on anything else). */
    public ScriptedConnection onCall(BiFunction<Object, ReplyTo<Object>, CallResult<Object>> handler) {
        this.onCall = Objects.requireNonNull(handler);
        return this;
    }

    /** Sets what handleCast does (default: run {@link Eval}s, crash on anything else). */
    public ScriptedConnection onCast(Function<Object, CastResult> handler) {
        this.onCast = Objects.requireNonNull(handler);
        return this;
    }

    /** Sets what handleInfo does (default: run {@link Eval}s, carry on for anything else). */
    public ScriptedConnection onInfo(Function<Object, InfoResult> handler) {
        this.onInfo = Objects.requireNonNull(handler);
        return this;
    }

    /** Sets what mailboxDrained does (default: NoReply). */
    public ScriptedConnection onDrained(Supplier<InfoResult> handler) {
        this.onDrained = Objects.requireNonNull(handler);
        return this;
    }

    /** Sets what terminate does (default: nothing). */
    public ScriptedConnection onTerminate(Consumer<StopReason> handler) {
        this.onTerminate = Objects.requireNonNull(handler);
        return this;
    }

    /** Sets what formatState renders (default: "ScriptedConnection"). */
    public ScriptedConnection formatState(Supplier<String> renderer) {
        this.formatState = Objects.requireNonNull(renderer);
        return this;
    }

    /** The context init received, or null before init. */
    public ConnectionContext<Object, Object> context() {
        return context;
    }

    /** Every callback so far, in order. */
    public List<Invocation> journal() {
        return List.copyOf(journal);
    }

    /**
     * The callbacks so far as {@code name(argument)} strings, in order, leaving out
     * mailboxDrained (which runs after every batch and would clutter order assertions).
     */
    public List<String> calls() {
        List<String> out = new ArrayList<>();
        for (Invocation i : journal) {
            if (!i.callback().equals("mailboxDrained")) {
                out.add(i.toString());
            }
        }
        return out;
    }

    /** The callbacks so far named {@code callback}. */
    public List<Invocation> invocations(String callback) {
        return journal.stream().filter(i -> i.callback().equals(callback)).toList();
    }

    private void record(String callback, Object argument) {
        journal.add(new Invocation(callback, argument, Thread.currentThread()));
    }

    @Override
    public InitResult init(ConnectionContext<Object, Object> context) {
        this.context = context;
        record("init", null);
        return onInit.apply(context);
    }

    @Override
    public ConnectResult connect(Object info) {
        record("connect", info);
        return onConnect.apply(info);
    }

    @Override
    public DisconnectResult disconnect(Object info) {
        record("disconnect", info);
        return onDisconnect.apply(info);
    }

    @Override
    public CallResult<Object> handleCall(Object request, ReplyTo<Object> from) {
        record("handleCall", request instanceof Eval ? "eval" : request);
        return onCall.apply(request, from);
    }

    @Override
    public CastResult handleCast(Object request) {
        record("handleCast", request instanceof Eval ? "eval" : request);
        return onCast.apply(request);
    }

    @Override
    public InfoResult handleInfo(Object message) {
        record("handleInfo", message instanceof Eval ? "eval" : message);
        return onInfo.apply(message);
    }

    @Override
    public InfoResult mailboxDrained() {
        record("mailboxDrained", null);
        return onDrained.get();
    }

    @Override
    public void terminate(StopReason reason) {
        record("terminate", reason);
        onTerminate.accept(reason);
    }

    @Override
    public String formatState() {
        return formatState.get();
    }

    private static CallResult<Object> evalCall(Object request, ReplyTo<Object> from) {
        if (request instanceof CallEval e) {
            return e.body().apply(from);
        }
        throw new IllegalArgumentException("ScriptedConnection got a call it has no script for: " + request);
    }

    private static CastResult evalCast(Object request) {
        if (request instanceof CastEval e) {
            return e.body().get();
        }
        throw new IllegalArgumentException("ScriptedConnection got a cast it has no script for: " + request);
    }

    private static InfoResult evalInfo(Object message) {
        if (message instanceof InfoEval e) {
            return e.body().get();
        }
        return InfoResult.noReply();
    }
}
