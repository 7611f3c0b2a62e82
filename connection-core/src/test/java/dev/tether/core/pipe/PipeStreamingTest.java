package dev.tether.core.pipe;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tether.core.pipe.LineCodec.Line;
import java.nio.ByteBuffer;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A batch (a request with several reply frames) goes out in chunks while it is still being encoded. */
class PipeStreamingTest {

    private static final int LINES = 5_000; // about 60 KB: several chunks

    /** The line codec, but a batch is encoded line by line and can stop halfway to look at the server. */
    private static final class ProbingCodec implements Codec<Line> {
        private final LineCodec lines = new LineCodec();
        private final Runnable halfway;

        ProbingCodec(Runnable halfway) {
            this.halfway = halfway;
        }

        @Override
        public Class<Line> requestType() {
            return Line.class;
        }

        @Override
        public void encode(Line request, WriteBuffer out) {
            String[] parts = request.text().split("\n", -1);
            for (int i = 0; i < parts.length; i++) {
                if (parts[i].equals("FAIL")) {
                    throw new IllegalArgumentException("cannot encode FAIL");
                }
                out.putUtf8(parts[i]).put((byte) '\n');
                if (parts.length > 1 && i == parts.length / 2) {
                    halfway.run();
                }
            }
        }

        @Override
        public Object decode(ByteBuffer in, Line head) {
            return lines.decode(in, head);
        }
    }

    private static Line batch(String prefix, int n) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < n; i++) {
            text.append(i == 0 ? "" : "\n").append(prefix).append(i);
        }
        return new Line(text.toString(), n);
    }

    @Test
    void theServerReadsTheFirstChunksOfABatchBeforeItIsFullyEncoded() throws Exception {
        try (LinePeer peer = new LinePeer();
             Pipe<Line> pipe = Pipe.builder(() -> new ProbingCodec(() -> await().atMost(Duration.ofSeconds(5))
                     .until(() -> peer.linesRead() > 0)), peer.socketOptions()).startConnected()) {
            Object[] replies = (Object[]) pipe.call(batch("line ", LINES));
            assertEquals(LINES, replies.length);
            assertEquals("line 0", replies[0]);
            assertEquals("line " + (LINES - 1), replies[LINES - 1]);
            assertEquals("after", pipe.call(new Line("after")), "the connection is still in step");
        }
    }

    @Test
    void aBatchThatFailsToEncodeBeforeAnythingWasWrittenFailsAloneAndTheConnectionStays() throws Exception {
        try (LinePeer peer = new LinePeer();
             Pipe<Line> pipe = Pipe.builder(() -> new ProbingCodec(() -> { }), peer.socketOptions()).startConnected()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> pipe.call(new Line("a\nFAIL\nb", 3)));
            assertEquals("cannot encode FAIL", e.getMessage());
            assertEquals("still", pipe.call(new Line("still")));
            assertArrayEquals(new Object[] {"x", "y"}, (Object[]) pipe.call(new Line("x\ny", 2)));
        }
    }

    @Test
    void aBatchThatFailsToEncodeAfterAChunkWentOutTearsTheConnectionDownAndTheNextOneWorks() throws Exception {
        try (LinePeer peer = new LinePeer();
             Pipe<Line> pipe = Pipe.builder(() -> new ProbingCodec(() -> { }), peer.socketOptions()).startConnected()) {
            Line broken = new Line(batch("x", LINES).text() + "\nFAIL", LINES + 1);
            PipeException e = assertThrows(PipeException.class, () -> pipe.call(broken));
            assertEquals(PipeException.Reason.DISCONNECTED, e.reason());
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertEquals("again", pipe.call(new Line("again"))));
        }
    }
}
