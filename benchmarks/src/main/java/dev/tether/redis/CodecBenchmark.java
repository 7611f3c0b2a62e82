package dev.tether.redis;

import dev.tether.core.pipe.WriteBuffer;
import dev.tether.redis.resp.RespLimits;
import dev.tether.redis.resp.RespDecoder;
import dev.tether.redis.resp.RespEncoder;
import dev.tether.redis.resp.RespOutput;
import dev.tether.redis.resp.RespValue;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.StatusOutput;
import io.lettuce.core.output.ValueOutput;
import io.lettuce.core.protocol.AsyncCommand;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import io.lettuce.core.protocol.RedisStateMachine;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import redis.clients.jedis.CommandObject;
import redis.clients.jedis.CommandObjects;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.RedisProtocol;
import redis.clients.jedis.util.RedisInputStream;
import redis.clients.jedis.util.RedisOutputStream;

/*
 * This benchmark sits in the client's package, on the benchmarks' class path, because the codec
 * and request types it measures are package-private engine classes that users cannot reach.
 * Run it through the jmh profile:
 *   mvn -pl benchmarks -am package -DskipTests -Pjmh -Djmh.args="CodecBenchmark"
 */
/**
 * W4: client CPU per command with no I/O. Each benchmark does what a client does for one command
 * between the caller's API call and the caller getting its value, minus the socket: build the
 * command from a String key and value, encode it into the client's write buffer, decode the reply
 * from a buffer holding its bytes, convert it to the caller's type, and complete the caller's future.
 *
 * <ul>
 *   <li><b>Tether</b>: {@code Commands.set/get} builds the {@code Command} (as
 *       {@code RedisClient.set/get} do) and the client's request ({@code RedisRequest.Single});
 *       the RESP codec of the pipe ({@code RespCodec}) encodes it into a reused {@code WriteBuffer}
 *       and decodes the reply from a heap {@code ByteBuffer} (a GET's value straight to text);
 *       the request converts it and a fresh {@code CompletableFuture} is completed. {@code tetherSetCodecOnly}/{@code tetherGetCodecOnly}
 *       leave out the Command object and the conversion: pre-encoded {@code byte[]} arguments,
 *       {@code writeCommand}, decode, complete the future with the raw value.</li>
 *   <li><b>Lettuce</b> (7.7.0.RELEASE): a {@code Command} with {@code CommandArgs} and a
 *       {@code StatusOutput}/{@code ValueOutput} over {@code StringCodec.UTF8}, wrapped in an
 *       {@code AsyncCommand} (its future, as the async and sync APIs use), {@code encode} into a
 *       reused pooled direct {@code ByteBuf} (what its CommandEncoder gets from the channel's
 *       allocator; an argument is staged in a temporary buffer from that allocator, so an unpooled
 *       target would make Lettuce allocate a direct buffer per argument),
 *       {@code RedisStateMachine.decode} of the reply bytes (in a pooled direct buffer, as read from
 *       the socket) into the output, then {@code complete()}: the steps of its CommandEncoder and
 *       CommandHandler. Netty's leak detector stays at its default level, as in production, and
 *       {@code io.netty.allocator.useCacheForAllThreads=true} gives the JMH thread the pooled
 *       allocator's thread cache that Lettuce's event-loop thread has (without it Netty 4.2 serves
 *       every temporary buffer from the shared arena and Lettuce measured 5 to 10 times slower).</li>
 *   <li><b>Jedis</b> (8.0.2): {@code CommandObjects.set/get} (as {@code Jedis.set/get} build them),
 *       {@code Protocol.sendCommand} into a {@code RedisOutputStream} over a reused byte array,
 *       {@code flush}, {@code Protocol.read} from a {@code RedisInputStream} over the reply bytes,
 *       then the command's {@code Builder}. Jedis is blocking: its caller gets the value with no
 *       future, so none is completed.</li>
 * </ul>
 * Replies: {@code +OK} for SET; a 32-byte bulk string for GET. The key is 16 bytes, the value 32.
 *
 * <p>Warmup is long (10 x 1 s): on a busy 2-core machine Lettuce's deeper path was still being
 * compiled after 3 s (iterations falling from 9 us to 0.4 us within one run).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
// Netty 4.2 gives thread-local buffer caches only to its own event-loop threads unless told
// otherwise; Lettuce encodes and decodes on such a thread, JMH calls from a plain one.
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-Dio.netty.allocator.useCacheForAllThreads=true"})
@Warmup(iterations = 10, time = 1)
@Measurement(iterations = 5, time = 2)
public class CodecBenchmark {

    static final String KEY = "key:000000000042";
    static final String VALUE = "v".repeat(32);
    static final byte[] SET_REPLY = "+OK\r\n".getBytes(StandardCharsets.US_ASCII);
    static final byte[] GET_REPLY = ("$32\r\n" + VALUE + "\r\n").getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SET_NAME = "SET".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] GET_NAME = "GET".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] KEY_BYTES = KEY.getBytes(StandardCharsets.UTF_8);
    private static final byte[] VALUE_BYTES = VALUE.getBytes(StandardCharsets.UTF_8);

    // Tether
    private RespEncoder encoder;
    private RespCodec codec;
    private WriteBuffer out;
    private RespDecoder decoder;
    private ByteBuffer setReply;
    private ByteBuffer getReply;

    // Lettuce
    private RedisStateMachine stateMachine;
    private ByteBuf lettuceOut;
    private ByteBuf lettuceSetReply;
    private ByteBuf lettuceGetReply;

    // Jedis
    private CommandObjects commandObjects;
    private ArraySink jedisSink;
    private RedisOutputStream jedisOut;
    private ReplaySource jedisSource;
    private RedisInputStream jedisIn;

    @Setup
    public void setUp() {
        encoder = new RespEncoder(new RespOutput(16 * 1024)); // RedisConnection's buffer size
        decoder = new RespDecoder();
        codec = new RespCodec(RespLimits.DEFAULT);
        out = new WriteBuffer(16 * 1024);
        setReply = ByteBuffer.wrap(SET_REPLY);
        getReply = ByteBuffer.wrap(GET_REPLY);

        stateMachine = new RedisStateMachine(); // as CommandHandler creates it
        // As in a Lettuce channel: CommandEncoder writes into ctx.alloc().ioBuffer() (pooled, direct),
        // and arguments are staged in temporary buffers from the same allocator; CommandHandler
        // decodes from the pooled direct buffer the socket read into.
        lettuceOut = PooledByteBufAllocator.DEFAULT.directBuffer(16 * 1024);
        lettuceSetReply = PooledByteBufAllocator.DEFAULT.directBuffer(SET_REPLY.length).writeBytes(SET_REPLY);
        lettuceGetReply = PooledByteBufAllocator.DEFAULT.directBuffer(GET_REPLY.length).writeBytes(GET_REPLY);

        commandObjects = new CommandObjects(RedisProtocol.RESP2);
        jedisSink = new ArraySink(16 * 1024);
        jedisOut = new RedisOutputStream(jedisSink);
        jedisSource = new ReplaySource();
        jedisIn = new RedisInputStream(jedisSource);
    }

    @TearDown
    public void tearDown() {
        stateMachine.close();
        lettuceOut.release();
        lettuceSetReply.release();
        lettuceGetReply.release();
    }

    // ------------------------------------------------------------------ Tether

    @Benchmark
    public Object tetherSet() {
        return tether(Commands.set(KEY, VALUE), setReply);
    }

    @Benchmark
    public Object tetherGet() {
        return tether(Commands.get(KEY), getReply);
    }

    private Object tether(Command<?> command, ByteBuffer reply) {
        // What the client does for one command, minus the socket: the request it hands the pipe,
        // encoded by the RESP codec into the pipe's write buffer; the reply decoded by the same
        // codec (a GET's value straight to text), converted by the request, and a future completed.
        RedisRequest.Single<?> request = new RedisRequest.Single<>(command, null);
        out.reset();
        codec.encode(request, out);
        reply.clear();
        Object decoded;
        try {
            decoded = codec.decode(reply, request);
        } catch (java.net.ProtocolException e) {
            throw new IllegalStateException(e);
        }
        CompletableFuture<Object> future = new CompletableFuture<>();
        future.complete(request.reply(decoded));
        return future.getNow(null);
    }

    @Benchmark
    public Object tetherSetCodecOnly() {
        return tetherRaw(setReply, SET_NAME, KEY_BYTES, VALUE_BYTES);
    }

    @Benchmark
    public Object tetherGetCodecOnly() {
        return tetherRaw(getReply, GET_NAME, KEY_BYTES);
    }

    private Object tetherRaw(ByteBuffer reply, byte[]... args) {
        encoder.output().clear();
        encoder.writeCommand(args);
        reply.clear();
        CompletableFuture<Object> future = new CompletableFuture<>();
        future.complete(decoder.next(reply));
        return future.getNow(null);
    }

    // ------------------------------------------------------------------ Lettuce

    @Benchmark
    public Object lettuceSet() {
        return lettuce(new AsyncCommand<>(new io.lettuce.core.protocol.Command<>(CommandType.SET,
                new StatusOutput<>(StringCodec.UTF8), new CommandArgs<>(StringCodec.UTF8).addKey(KEY).addValue(VALUE))),
                lettuceSetReply);
    }

    @Benchmark
    public Object lettuceGet() {
        return lettuce(new AsyncCommand<>(new io.lettuce.core.protocol.Command<>(CommandType.GET,
                new ValueOutput<>(StringCodec.UTF8), new CommandArgs<>(StringCodec.UTF8).addKey(KEY))),
                lettuceGetReply);
    }

    private Object lettuce(AsyncCommand<String, String, String> command, ByteBuf reply) {
        lettuceOut.clear();
        command.encode(lettuceOut);
        reply.readerIndex(0);
        if (!stateMachine.decode(reply, command.getOutput())) {
            throw new IllegalStateException("incomplete reply");
        }
        command.complete();
        return command.getNow(null);
    }

    // ------------------------------------------------------------------ Jedis

    @Benchmark
    public Object jedisSet() throws IOException {
        return jedis(commandObjects.set(KEY, VALUE), SET_REPLY);
    }

    @Benchmark
    public Object jedisGet() throws IOException {
        return jedis(commandObjects.get(KEY), GET_REPLY);
    }

    // Protocol.read(RedisInputStream) is deprecated for read(is, PushConsumerChain); with no push
    // frames in the reply both parse the same bytes the same way.
    @SuppressWarnings("deprecation")
    private Object jedis(CommandObject<String> command, byte[] reply) throws IOException {
        jedisSink.reset();
        Protocol.sendCommand(jedisOut, command.getArguments());
        jedisOut.flush();
        jedisSource.replay(reply);
        return command.getBuilder().build(Protocol.read(jedisIn));
    }

    /** Where Jedis' stream flushes to: a reused array, as a socket's send buffer would be. */
    static final class ArraySink extends OutputStream {
        private final byte[] bytes;
        private int size;

        ArraySink(int capacity) {
            bytes = new byte[capacity];
        }

        void reset() {
            size = 0;
        }

        @Override
        public void write(int b) {
            bytes[size++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            System.arraycopy(b, off, bytes, size, len);
            size += len;
        }
    }

    /** What Jedis' stream reads from: the reply's bytes, once per command, as a socket would give them. */
    static final class ReplaySource extends InputStream {
        private byte[] bytes = new byte[0];
        private int pos;

        void replay(byte[] reply) {
            bytes = reply;
            pos = 0;
        }

        @Override
        public int read() {
            return pos < bytes.length ? bytes[pos++] & 0xFF : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            int n = Math.min(len, bytes.length - pos);
            if (n <= 0) {
                return -1;
            }
            System.arraycopy(bytes, pos, b, off, n);
            pos += n;
            return n;
        }
    }
}
