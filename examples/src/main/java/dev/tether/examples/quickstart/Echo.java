package dev.tether.examples.quickstart;

// snippet:behaviour-quickstart
import dev.tether.connection.*;
import dev.tether.core.Tether;

final class Echo implements Connection<String, String> {
    private int connects;

    public InitResult init(ConnectionContext<String, String> context) {
        return InitResult.connect("start");          // start() returns, then connect runs
    }

    public ConnectResult connect(Object info) {
        connects++;                                  // open a socket here; on failure:
        return ConnectResult.ok();                   //   ConnectResult.backoffByPolicy(cause)
    }

    public CallResult<String> handleCall(String request, ReplyTo<String> from) {
        return CallResult.reply(request + " #" + connects);
    }

    public static void main(String[] args) {
        ConnectionRef<String, String> ref = Tether.start(new Echo());
        String answer = ref.call("hello");          // "hello #1", or CallTimeoutException after 5 s
        System.out.println(answer);
        ref.stop();                                 // terminate runs; waiting callers are failed
    }
}
// end-snippet
