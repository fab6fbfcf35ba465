package dev.silo.core.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.silo.core.error.InvalidInputException;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class OutboundGuardTest {
  private final OutboundGuard strict = new OutboundGuard(false);

  @Test
  void refusesLoopbackPrivateLinkLocalAndOtherNonPublicTargets() {
    for (String url :
        new String[] {
          "http://127.0.0.1/x", "http://localhost:8080/", "http://10.1.2.3/", "http://192.168.0.1/", "http://172.16.5.5/",
          "http://169.254.169.254/latest/meta-data/", "http://[::1]/", "http://[fd00::1]/", "http://[fe80::1]/",
          "http://0.0.0.0/", "http://100.64.0.1/", "http://[::ffff:127.0.0.1]/"
        }) {
      assertThatThrownBy(() -> strict.check(url)).as(url).isInstanceOf(InvalidInputException.class);
    }
  }

  @Test
  void refusesOtherSchemesAndCredentialsInUrls() {
    assertThatThrownBy(() -> strict.check("file:///etc/passwd")).isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> strict.check("gopher://example.com/")).isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> new OutboundGuard(true).check("http://user:pw@example.com/")).isInstanceOf(InvalidInputException.class);
  }

  @Test
  void publicAddressesPassAndTheOperatorMayAllowPrivateOnes() throws Exception {
    assertThat(OutboundGuard.isPublic(InetAddress.getByName("93.184.216.34"))).isTrue();
    assertThat(OutboundGuard.isPublic(InetAddress.getByName("2606:2800:220:1:248:1893:25c8:1946"))).isTrue();
    assertThat(new OutboundGuard(true).check("http://127.0.0.1:9/hook").getPort()).isEqualTo(9);
  }
}
