package dev.silo.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.silo.core.error.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;

/**
 * The one JSON configuration: snake_case names, RFC 3339 timestamps, unknown fields refused (a
 * typo in a limit must not be silently ignored), duplicate fields refused.
 */
public final class Json {
  static final long MAX_BODY_BYTES = 1 << 20;

  private final ObjectMapper mapper =
      JsonMapper.builder()
          .addModule(new JavaTimeModule())
          .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .build();

  public ObjectMapper mapper() {
    return mapper;
  }

  public byte[] write(Object value) {
    try {
      return mapper.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  <T> T read(InputStream in, Class<T> type) throws IOException {
    PushbackInputStream p = new PushbackInputStream(in, 1);
    int first = p.read();
    if (first < 0) {
      return readValue("{}", type);
    }
    p.unread(first);
    try {
      return mapper.readValue(p, type);
    } catch (UnrecognizedPropertyException e) {
      throw new InvalidInputException("unknown_field", "unknown field: " + e.getPropertyName());
    } catch (JsonProcessingException e) {
      if (e.getCause() instanceof dev.silo.core.error.SiloException se) {
        throw se;
      }
      throw new InvalidInputException("invalid_json", "the body is not valid JSON for this request: " + brief(e));
    }
  }

  private <T> T readValue(String s, Class<T> type) throws IOException {
    return mapper.readValue(s, type);
  }

  /** The parser's first line without the location dump, which would echo internals. */
  private static String brief(JsonProcessingException e) {
    Throwable cause = e.getCause();
    if (cause instanceof InvalidInputException iie) {
      return iie.getMessage();
    }
    String m = e.getOriginalMessage();
    if (m == null) {
      return "malformed";
    }
    int cut = m.indexOf('\n');
    m = cut < 0 ? m : m.substring(0, cut);
    m = m.replaceAll("\\(class [^)]*\\)", "").replaceAll("`[a-z]+(\\.[a-zA-Z$]+)+`", "value");
    return m.length() > 200 ? m.substring(0, 200) : m;
  }
}
