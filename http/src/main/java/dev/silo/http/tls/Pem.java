package dev.silo.http.tls;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The blocks of a PEM file ({@code -----BEGIN <type>----- base64 -----END <type>-----}); text around them is ignored, as openssl does. */
final class Pem {
  private static final Pattern BLOCK =
      Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----\\R?(.*?)-----END \\1-----", Pattern.DOTALL);

  record Block(String type, byte[] der) {}

  private Pem() {}

  /** Every block, in file order; a block whose body is not base64 throws IllegalArgumentException. */
  static List<Block> blocks(String text) {
    List<Block> out = new ArrayList<>();
    Matcher m = BLOCK.matcher(text);
    while (m.find()) {
      String body = m.group(2);
      if (body.contains(":")) {
        // "Proc-Type: 4,ENCRYPTED" and friends: an OpenSSL-encrypted traditional key
        out.add(new Block("ENCRYPTED " + m.group(1), new byte[0]));
        continue;
      }
      out.add(new Block(m.group(1), Base64.getMimeDecoder().decode(body)));
    }
    return out;
  }
}
