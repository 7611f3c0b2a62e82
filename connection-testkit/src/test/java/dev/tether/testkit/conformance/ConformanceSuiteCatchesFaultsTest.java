package dev.tether.testkit.conformance;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tether.connection.CallResult;
import dev.tether.connection.Connection;
import dev.tether.connection.DisconnectResult;
import dev.tether.connection.ReplyTo;
import dev.tether.testkit.ConnectionConformance;
import dev.tether.testkit.LeakCheckExtension;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The suite fails connections that break its rules, with a message that says which: a passing
 * suite proves something only if a broken connection makes it fail.
 */
@ExtendWith(LeakCheckExtension.class)
class ConformanceSuiteCatchesFaultsTest {

    @Test
    void aConnectionThatNeverReconnectsFailsTheReconnectTest() {
        // Disconnect returns NoConnect: the connection stays down for good.
        ConnectionConformance<String, String> suite = echoSuite(address -> new EchoConnection(address) {
            @Override
            DisconnectResult disconnectResult() {
                return DisconnectResult.noConnect();
            }
        });
        AssertionError e = assertThrows(AssertionError.class, suite::reconnectsAfterThePeerCloses);
        assertTrue(e.getMessage().contains("no BackingOff event"), e.getMessage());
    }

    @Test
    void aConnectionThatLeavesCallsHangingFailsTheBackingOffTest() {
        // While disconnected it keeps calls without ever answering them: callers wait for their timeout.
        ConnectionConformance<String, String> suite = echoSuite(address -> new EchoConnection(address) {
            private final List<ReplyTo<String>> forgotten = new ArrayList<>();

            @Override
            public CallResult<String> handleCall(String request, ReplyTo<String> from) {
                if (connected()) {
                    return super.handleCall(request, from);
                }
                forgotten.add(from);
                return CallResult.noReply();
            }
        });
        AssertionError e = assertThrows(AssertionError.class, suite::callsWhileBackingOffAreAnsweredPerTheBehaviour);
        assertTrue(e.getMessage().contains("not the behaviour's answer"), e.getMessage());
    }

    /**
     * The echo suite of {@link EchoConnectionConformanceTest} for other connections. A runtime
     * proxy rather than a class: JUnit would find a class implementing the suite and run it.
     */
    @SuppressWarnings("unchecked")
    private static ConnectionConformance<String, String> echoSuite(
            Function<InetSocketAddress, Connection<String, String>> connections) {
        InvocationHandler handler = (proxy, method, args) -> switch (method.getName()) {
            case "startPeer" -> EchoPeer.start(0);
            case "newConnection" -> connections.apply((InetSocketAddress) args[0]);
            case "probe" -> "ping";
            case "isAnswerWhileDisconnected" -> args[1] instanceof EchoConnection.NotConnected;
            default -> InvocationHandler.invokeDefault(proxy, method, args);
        };
        return (ConnectionConformance<String, String>) Proxy.newProxyInstance(
                ConnectionConformance.class.getClassLoader(), new Class<?>[] {ConnectionConformance.class}, handler);
    }
}
