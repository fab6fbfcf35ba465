package dev.silo.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ByteSizeTest {
  @Test
  void parsesBinaryAndDecimalUnits() {
    assertThat(ByteSize.parse("1048576")).isEqualTo(1_048_576L);
    assertThat(ByteSize.parse("512KiB")).isEqualTo(524_288L);
    assertThat(ByteSize.parse("10G")).isEqualTo(10L << 30);
    assertThat(ByteSize.parse("1.5 GiB")).isEqualTo(3L << 29);
    assertThat(ByteSize.parse("5GB")).isEqualTo(5_000_000_000L);
    assertThat(ByteSize.parse("100b")).isEqualTo(100L);
  }

  @Test
  void rejectsWhatIsNotASize() {
    assertThatThrownBy(() -> ByteSize.parse("lots")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ByteSize.parse("1.5")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ByteSize.parse("-1")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void formatsForPeople() {
    assertThat(ByteSize.format(512)).isEqualTo("512 B");
    assertThat(ByteSize.format(1536)).isEqualTo("1.5 KiB");
    assertThat(ByteSize.format(10L << 30)).isEqualTo("10.0 GiB");
  }
}
