package dev.tether.testkit.conformance;

import dev.tether.core.pipe.Codec;
import dev.tether.core.pipe.Request;
import dev.tether.core.pipe.WriteBuffer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A line out, the next line back: with {@link EchoPeer}, every request is answered by itself.
 * Public for the test kit's other tests (the fake-time ones use it too).
 */
public class LineCodec implements Codec<LineCodec.Line> {

    /** One request line. */
    public record Line(String text) implements Request<String> {
    }

    @Override
    public Class<Line> requestType() {
        return Line.class;
    }

    @Override
    public void encode(Line request, WriteBuffer out) {
        out.putUtf8(request.text()).put((byte) '\n');
    }

    @Override
    public Object decode(ByteBuffer in, Line head) {
        for (int i = in.position(); i < in.limit(); i++) {
            if (in.get(i) == '\n') {
                byte[] line = new byte[i - in.position()];
                in.get(line).get();
                return frame(new String(line, StandardCharsets.UTF_8));
            }
        }
        return NEED_MORE;
    }

    /** What a decoded line is handed on as; a faulty codec of a test changes it. */
    Object frame(String line) {
        return line;
    }
}
