package dev.silo.store.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.silo.core.domain.BlobName;
import dev.silo.core.domain.ByteRange;
import dev.silo.core.domain.StorageSpace;
import dev.silo.core.spi.BlobNotFoundException;
import dev.silo.core.spi.ComposableBlobs;
import dev.silo.core.support.ChannelRegion;
import dev.silo.core.support.FileRegion;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Composing blobs on the filesystem links the sources' files as pieces instead of copying them:
 * the result reads whole and in ranges (within a piece as a file region, across pieces through
 * one channel), outlives its sources, composes again, and leaves nothing behind when deleted,
 * when a source is missing, or when a crash stopped it before its list was written.
 */
class FsComposedBlobsTest {
  @TempDir Path root;
  private final StorageSpace space = new StorageSpace("silo-test-container", "");
  private FsBlobStore store;
  private ComposableBlobs composer;

  @BeforeEach
  void open() throws IOException {
    store = new FsBlobStore(root);
    store.provision(space);
    composer = store.composable().orElseThrow();
  }

  private int counter;

  private BlobName name() {
    return new BlobName(String.format("b%026d", counter++));
  }

  private BlobName written(byte[] bytes) throws IOException {
    BlobName name = name();
    store.write(space, name, new ByteArrayInputStream(bytes));
    return name;
  }

  private byte[] read(BlobName name, ByteRange range) throws IOException {
    try (InputStream in = store.read(space, name, range)) {
      return in.readAllBytes();
    }
  }

  private static byte[] random(int size, int seed) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return b;
  }

  private static byte[] concat(byte[]... parts) {
    byte[] all = new byte[Arrays.stream(parts).mapToInt(p -> p.length).sum()];
    int at = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, all, at, p.length);
      at += p.length;
    }
    return all;
  }

  private List<String> files() throws IOException {
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.filter(Files::isRegularFile).map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void theSourcesFilesBecomeItsPiecesAndItReadsWholeAndInRanges() throws IOException {
    byte[] a = random(70_000, 1);
    byte[] b = random(50_000, 2);
    BlobName first = written(a);
    BlobName second = written(b);
    BlobName composed = name();

    assertThat(composer.compose(space, composed, List.of(first, second))).isEqualTo(a.length + b.length);
    assertThat(Files.getAttribute(pieceFile(composed, 0), "unix:nlink")).as("the source's file, linked").isEqualTo(2);
    store.delete(space, first);
    store.delete(space, second);

    byte[] all = concat(a, b);
    assertThat(store.size(space, composed)).hasValue(all.length);
    assertThat(read(composed, null)).isEqualTo(all);
    assertThat(read(composed, new ByteRange(69_990, 70_009))).isEqualTo(Arrays.copyOfRange(all, 69_990, 70_010));
    try (InputStream within = store.read(space, composed, new ByteRange(70_100, 70_199))) {
      assertThat(within).as("a range within a piece is that file's region").isInstanceOf(FileRegion.class);
      assertThat(within.readAllBytes()).isEqualTo(Arrays.copyOfRange(all, 70_100, 70_200));
    }
    try (InputStream across = store.read(space, composed, new ByteRange(60_000, 80_000))) {
      ChannelRegion region = (ChannelRegion) across;
      ByteBuffer direct = ByteBuffer.allocateDirect(20_001);
      region.channel().position(region.position());
      while (direct.hasRemaining() && region.channel().read(direct) > 0) {
        // a read stops at a piece's end
      }
      byte[] got = new byte[20_001];
      direct.flip().get(got);
      assertThat(got).as("across pieces through the channel").isEqualTo(Arrays.copyOfRange(all, 60_000, 80_001));
    }
    assertThat(Files.getAttribute(pieceFile(composed, 0), "unix:nlink")).as("the source's name is gone").isEqualTo(1);
  }

  private Path pieceFile(BlobName composed, int index) throws IOException {
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.filter(p -> p.getFileName().toString().equals(composed.value() + ".p" + index)).findFirst().orElseThrow();
    }
  }

  @Test
  void aComposedBlobComposesAgainAndEmptySourcesAddNothing() throws IOException {
    byte[] a = random(1_000, 3);
    byte[] b = random(2_000, 4);
    byte[] c = random(3_000, 5);
    BlobName ab = name();
    composer.compose(space, ab, List.of(written(a), written(new byte[0]), written(b)));
    BlobName abc = name();

    assertThat(composer.compose(space, abc, List.of(ab, written(c)))).isEqualTo(6_000);
    store.delete(space, ab);

    assertThat(read(abc, null)).isEqualTo(concat(a, b, c));
    assertThat(files()).contains(abc.value() + ".p2").doesNotContain(abc.value() + ".p3");
    BlobName nothing = name();
    assertThat(composer.compose(space, nothing, List.of())).isZero();
    assertThat(read(nothing, null)).isEmpty();
  }

  @Test
  void deletingItRemovesItsListAndPiecesAndLeavesTheSources() throws IOException {
    BlobName first = written(random(100, 6));
    BlobName composed = name();
    composer.compose(space, composed, List.of(first, written(random(100, 7))));

    store.delete(space, composed);

    assertThat(store.size(space, composed)).isEmpty();
    assertThatThrownBy(() -> store.read(space, composed, null)).isInstanceOf(BlobNotFoundException.class);
    assertThat(files()).noneMatch(f -> f.startsWith(composed.value()));
    assertThat(read(first, null)).hasSize(100);
  }

  @Test
  void aReadGoesOnWhenTheBlobIsDeletedUnderIt() throws IOException {
    byte[] a = random(50_000, 13);
    byte[] b = random(60_000, 14);
    byte[] c = random(70_000, 15);
    BlobName composed = name();
    composer.compose(space, composed, List.of(written(a), written(b), written(c)));
    byte[] all = concat(a, b, c);

    try (InputStream whole = store.read(space, composed, null);
        InputStream range = store.read(space, composed, new ByteRange(40_000, 129_999))) {
      assertThat(whole.readNBytes(10)).isEqualTo(Arrays.copyOf(all, 10));
      store.delete(space, composed); // as an overwrite's reaper does while a GET streams
      assertThat(files()).noneMatch(f -> f.startsWith(composed.value()));
      assertThat(whole.readAllBytes()).isEqualTo(Arrays.copyOfRange(all, 10, all.length));
      assertThat(range.readAllBytes()).isEqualTo(Arrays.copyOfRange(all, 40_000, 130_000));
    }
  }

  @Test
  void aMissingSourceComposesNothing() throws IOException {
    BlobName composed = name();
    BlobName missing = name();
    BlobName present = written(random(10, 8));

    assertThatThrownBy(() -> composer.compose(space, composed, List.of(present, missing)))
        .isInstanceOf(BlobNotFoundException.class);

    assertThat(store.size(space, composed)).isEmpty();
    assertThat(files()).noneMatch(f -> f.startsWith(composed.value()));
  }

  @Test
  void whereLinksCannotBeMadeTheSourcesAreCopied() throws IOException {
    FsBlobStore copying = new FsBlobStore(root, false);
    byte[] a = random(3_000, 10);
    byte[] b = random(4_000, 11);
    BlobName ab = name();
    composer.compose(space, ab, List.of(written(a), written(b)));
    BlobName abc = name();
    byte[] c = random(5_000, 12);

    assertThat(copying.composable().orElseThrow().compose(space, abc, List.of(ab, written(c)))).isEqualTo(12_000);
    store.delete(space, ab);

    try (InputStream whole = store.read(space, abc, null)) {
      assertThat(whole).as("one file of its own").isInstanceOf(FileRegion.class);
      assertThat(whole.readAllBytes()).isEqualTo(concat(a, b, c));
    }
    assertThat(files()).noneMatch(f -> f.startsWith(abc.value() + "."));
    assertThatThrownBy(() -> copying.composable().orElseThrow().compose(space, name(), List.of(name())))
        .isInstanceOf(BlobNotFoundException.class);
  }

  @Test
  void piecesACrashLeftWithoutTheirListAreNoBlobAndGoWithItsDelete() throws IOException {
    BlobName source = written(random(10, 9));
    BlobName composed = name();
    Path sourceFile;
    try (Stream<Path> walk = Files.walk(root)) {
      sourceFile = walk.filter(p -> p.getFileName().toString().equals(source.value())).findFirst().orElseThrow();
    }
    Path dir = sourceFile.getParent().resolveSibling(composed.value().substring(1, 3));
    Files.createDirectories(dir);
    Files.createLink(dir.resolve(composed.value() + ".p0"), sourceFile);
    Files.createLink(dir.resolve(composed.value() + ".p1"), sourceFile);

    assertThat(store.size(space, composed)).isEmpty();
    assertThatThrownBy(() -> store.read(space, composed, null)).isInstanceOf(BlobNotFoundException.class);
    store.delete(space, composed); // as the sweeper does for the unfinished write's intent

    assertThat(files()).noneMatch(f -> f.startsWith(composed.value()));
  }
}
