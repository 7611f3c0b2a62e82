package dev.tether.core.pipe;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** The smallest codec: a request is a line, its reply is the next line. For the pipe's own tests. */
final class LineCodec implements Codec<LineCodec.Line> {

    /** One line out, one line back; {@code frames} lines back for a batch. */
    record Line(String text, int frames) implements Request<Object> {
        Line(String text) {
            this(text, 1);
        }

        @Override
        public int replyFrames() {
            return frames;
        }
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
                in.get(line);
                in.get(); // the newline
                String text = new String(line, StandardCharsets.UTF_8);
                return text.startsWith("PUSH ") ? new Push(text.substring(5)) : text;
            }
        }
        return NEED_MORE;
    }
}
