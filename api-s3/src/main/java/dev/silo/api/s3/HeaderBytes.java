package dev.silo.api.s3;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Header values as bytes on the wire. Jetty reads each header byte as one ISO-8859-1 character,
 * while some S3 clients (boto3) send a non-ASCII value as its UTF-8 bytes and sign those bytes;
 * so a value is read as UTF-8 when its bytes are UTF-8. Bytes that are not UTF-8 keep their
 * one-character-per-byte reading, which is what a client that sent Latin-1 bytes (the Java SDK)
 * signed. Answers go out in Latin-1 when the value fits it, as HTTP clients read headers, and as
 * UTF-8 bytes otherwise.
 */
final class HeaderBytes {
  private HeaderBytes() {}

  /** The value a client meant by the header Jetty read as {@code received}. */
  static String decoded(String received) {
    if (received == null || received.chars().allMatch(c -> c < 0x80)) {
      return received;
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(received.getBytes(StandardCharsets.ISO_8859_1)))
          .toString();
    } catch (CharacterCodingException e) {
      return received;
    }
  }

  /** The header Jetty must write (one character per byte): Latin-1 if it fits, else the UTF-8 bytes. */
  static String wire(String value) {
    if (value == null || value.chars().allMatch(c -> c < 0x100)) {
      return value;
    }
    return new String(value.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
  }
}
