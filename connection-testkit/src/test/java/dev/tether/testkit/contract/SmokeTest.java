package dev.tether.testkit.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tether.connection.CallResult;
import dev.tether.connection.ConnectionRef;
import dev.tether.connection.ConnectionState;
import dev.tether.connection.StopReason;
import dev.tether.core.Tether;
import dev.tether.testkit.ScriptedConnection;
import dev.tether.testkit.ScriptedConnection.Eval;
import java.util.List;
import org.junit.jupiter.api.Test;

class SmokeTest {
    @Test
    void startCallStop() {
        ScriptedConnection conn = new ScriptedConnection();
        ConnectionRef<Object, Object> ref = Tether.start(conn);
        assertEquals("pong", ref.call(Eval.call(from -> CallResult.reply("pong"))));
        assertEquals(ConnectionState.CONNECTED, ref.state());
        assertEquals(StopReason.normal(), ref.stop());
        assertEquals(List.of("init(null)", "connect(init)", "handleCall(eval)", "terminate(Normal[])"), conn.calls());
        assertEquals(0, Tether.liveResources().loops().size());
    }
}
