package dev.silo.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.silo.core.support.ChannelStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Bodies sent by a real server, as a channel region and as a plain stream: byte for byte at every
 * size (the small ones in one buffer, the big ones read ahead), never two reads at once, and no
 * read still going when the send returns, whether it ended well, the body failed or ended short, or
 * the client left.
 */
class ResponseBodiesTest {
  private static final byte[] BYTES = new byte[7 << 20];

  static {
    new Random(7).nextBytes(BYTES);
  }

  private final BlockingQueue<Outcome> outcomes = new ArrayBlockingQueue<>(64);
  private ServerFrame.Listening server;
  private volatile Supplier<Served> serving;

  /** What the handler sends: {@code body}, whose reads {@code channel} counts, declared {@code length} long. */
  record Served(InputStream body, TracingChannel channel, long length) {
    static Served region(TracingChannel channel, long first, long length) {
      return new Served(new ChannelStream(channel, first, length, null), channel, length);
    }

    /** The same bytes as a stream that is no channel region, ending where the body ends. */
    static Served stream(TracingChannel channel, long first, long length) {
      channel.position(first);
      channel.endAt = Math.min(channel.endAt, first + length);
      return new Served(Channels.newInputStream(channel), channel, length);
    }
  }

  interface Kind {
    Served of(TracingChannel channel, long first, long length);
  }

  private static final Kind[] KINDS = {Served::region, Served::stream};

  /** What a send did: what it threw, its channel, and the channel's reads going on and done as it returned. */
  record Outcome(IOException failure, TracingChannel channel, int inFlightOnReturn, int readsOnReturn) {}

  @AfterEach
  void stop() throws Exception {
    server.server().stop();
  }

  @Test
  void sendsEveryBodyByteForByteWhateverItsSize() throws Exception {
    start();
    for (Kind kind : KINDS) {
      for (int length : new int[] {0, 1, 4096, 128 * 1024 + 3, 1 << 20, (1 << 20) + 1, 5 * (1 << 20) + 17}) {
        int first = length == 0 ? 0 : 11;
        serve(kind.of(new TracingChannel(Long.MAX_VALUE), first, length));
        byte[] body = get(Integer.MAX_VALUE);
        Outcome outcome = outcomes.poll(30, TimeUnit.SECONDS);
        assertThat(outcome.failure()).as("%d bytes", length).isNull();
        assertThat(body).as("%d bytes", length).isEqualTo(Arrays.copyOfRange(BYTES, first, first + length));
        assertNoReadOverlappedOrOutlivedTheSend(outcome);
      }
    }
  }

  @Test
  void moreBigBodiesAtOnceThanAreReadAheadAllArriveWhole() throws Exception {
    start();
    int clients = ResponseBodies.AHEAD_AT_ONCE + 4;
    int length = 6 << 20; // within BYTES, so that the expected body is a plain copy of it
    serving = () -> Served.region(new TracingChannel(Long.MAX_VALUE), 5, length);
    // every client holds back its body until all have their headers: every send is going on at once
    CyclicBarrier allAnswered = new CyclicBarrier(clients);
    try (ExecutorService pool = Executors.newFixedThreadPool(clients)) {
      List<Future<byte[]>> bodies = new ArrayList<>();
      for (int i = 0; i < clients; i++) {
        bodies.add(pool.submit(() -> get(Integer.MAX_VALUE, () -> await(allAnswered))));
      }
      for (Future<byte[]> body : bodies) {
        assertThat(Arrays.mismatch(body.get(60, TimeUnit.SECONDS), Arrays.copyOfRange(BYTES, 5, 5 + length)))
            .as("the first byte that differs").isEqualTo(-1);
      }
    }
    for (int i = 0; i < clients; i++) {
      Outcome outcome = outcomes.poll(30, TimeUnit.SECONDS);
      assertThat(outcome.failure()).isNull();
      assertNoReadOverlappedOrOutlivedTheSend(outcome);
    }
  }

  private static void await(CyclicBarrier barrier) {
    try {
      barrier.await(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void aBodyThatFailsMidwayEndsTheResponseShortAndNothingReadsOn() throws Exception {
    start();
    for (Kind kind : KINDS) {
      assertEndsShort(kind, new TracingChannel(3 << 20), "disk went away");
    }
  }

  @Test
  void aBodyShorterThanItsLengthEndsTheResponseShort() throws Exception {
    start();
    for (Kind kind : KINDS) {
      TracingChannel channel = new TracingChannel(Long.MAX_VALUE);
      channel.endAt = 3 << 20;
      assertEndsShort(kind, channel, "ended before its length");
    }
  }

  /**
   * A 6 MiB body whose channel gives out after 3 MiB: the send fails with {@code failure}, and the
   * client gets no more than the bytes there were, each one right.
   */
  private void assertEndsShort(Kind kind, TracingChannel channel, String failure) throws Exception {
    serve(kind.of(channel, 0, 6 << 20));
    byte[] body = get(Integer.MAX_VALUE);
    Outcome outcome = outcomes.poll(30, TimeUnit.SECONDS);
    assertThat(outcome.failure()).hasMessageContaining(failure);
    assertThat(body.length).isLessThanOrEqualTo(3 << 20);
    assertThat(body).isEqualTo(Arrays.copyOf(BYTES, body.length));
    assertNoReadOverlappedOrOutlivedTheSend(outcome);
  }

  @Test
  void aClientThatLeavesEndsTheSendWithNoReadLeftRunning() throws Exception {
    start();
    for (Kind kind : KINDS) {
      // more than the sockets' buffers hold, so that the server is still writing when the client goes
      serve(kind.of(new TracingChannel(Long.MAX_VALUE), 0, 64L << 20));
      byte[] body = get(1 << 20);
      assertThat(body).isEqualTo(Arrays.copyOf(BYTES, 1 << 20));
      Outcome outcome = outcomes.poll(30, TimeUnit.SECONDS);
      assertThat(outcome.failure()).isNotNull();
      assertNoReadOverlappedOrOutlivedTheSend(outcome);
    }
  }

  private static void assertNoReadOverlappedOrOutlivedTheSend(Outcome outcome) {
    assertThat(outcome.channel().mostAtOnce.get()).as("reads at once").isLessThanOrEqualTo(1);
    assertThat(outcome.inFlightOnReturn()).as("reads going on as the send returned").isZero();
    assertThat(outcome.channel().reads.get()).as("reads after the send returned").isEqualTo(outcome.readsOnReturn());
  }

  private void serve(Served one) {
    serving = () -> one;
  }

  private void start() throws Exception {
    server = ServerFrame.listen("bodies-test", "127.0.0.1", 0, Transport.PLAIN, config -> {});
    server.server().setHandler(new Handler.Abstract() {
      @Override
      public boolean handle(Request request, Response response, Callback callback) {
        Served sent = serving.get();
        response.setStatus(200);
        response.getHeaders().put("Content-Length", sent.length());
        IOException failure = null;
        try {
          ResponseBodies.send(request, response, sent.body(), sent.length(), n -> {});
          callback.succeeded();
        } catch (IOException e) {
          failure = e;
          callback.failed(e);
        }
        outcomes.add(new Outcome(failure, sent.channel(), sent.channel().inFlight.get(), sent.channel().reads.get()));
        return true;
      }
    });
    server.server().start();
  }

  /** The body of a GET, up to {@code most} bytes (then the client hangs up), or until the server ends it. */
  private byte[] get(int most) throws IOException {
    return get(most, () -> {});
  }

  /** The same, running {@code afterHeaders} between the response's headers and its body. */
  private byte[] get(int most, Runnable afterHeaders) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", server.connector().getLocalPort())) {
      OutputStream out = socket.getOutputStream();
      out.write("GET / HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      skipHeaders(in);
      afterHeaders.run();
      var body = new java.io.ByteArrayOutputStream();
      byte[] buffer = new byte[64 * 1024];
      try {
        for (int n; body.size() < most && (n = in.read(buffer, 0, Math.min(buffer.length, most - body.size()))) > 0; ) {
          body.write(buffer, 0, n);
        }
      } catch (IOException reset) {
        // the server aborted the response: what came before is the body
      }
      socket.setSoLinger(true, 0); // leave with a reset, as a client that gives up does
      return body.toByteArray();
    }
  }

  private static void skipHeaders(InputStream in) throws IOException {
    int matched = 0;
    byte[] end = {'\r', '\n', '\r', '\n'};
    while (matched < 4) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("no headers");
      }
      matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
    }
  }

  /**
   * {@link #BYTES} over and over as a channel that counts its reads and overlapping ones, fails from
   * {@code failAt} on and ends at {@code endAt}.
   */
  private static final class TracingChannel implements SeekableByteChannel {
    final AtomicInteger inFlight = new AtomicInteger();
    final AtomicInteger mostAtOnce = new AtomicInteger();
    final AtomicInteger reads = new AtomicInteger();
    private final long failAt;
    long endAt = Long.MAX_VALUE;
    private long position;

    TracingChannel(long failAt) {
      this.failAt = failAt;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
      mostAtOnce.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
      reads.incrementAndGet();
      try {
        if (position >= failAt) {
          throw new IOException("the disk went away");
        }
        if (position >= endAt) {
          return -1;
        }
        // some KiB at a time, as a decrypting channel gives a segment at a time
        int from = (int) (position % BYTES.length);
        int n = (int) Math.min(Math.min(dst.remaining(), 48 * 1024), Math.min(BYTES.length - from, Math.min(failAt, endAt) - position));
        dst.put(BYTES, from, n);
        position += n;
        return n;
      } finally {
        inFlight.decrementAndGet();
      }
    }

    @Override
    public long position() {
      return position;
    }

    @Override
    public SeekableByteChannel position(long newPosition) {
      position = newPosition;
      return this;
    }

    @Override
    public long size() {
      return Long.MAX_VALUE;
    }

    @Override
    public int write(ByteBuffer src) {
      throw new java.nio.channels.NonWritableChannelException();
    }

    @Override
    public SeekableByteChannel truncate(long size) {
      throw new java.nio.channels.NonWritableChannelException();
    }

    @Override
    public boolean isOpen() {
      return true;
    }

    @Override
    public void close() {}
  }
}
