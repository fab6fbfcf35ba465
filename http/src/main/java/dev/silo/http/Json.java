package dev.silo.http;

import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.cfg.MutableCoercionConfig;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.fasterxml.jackson.module.blackbird.BlackbirdModule;
import dev.silo.core.error.InvalidInputException;
import dev.silo.core.error.SiloException;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;

/**
 * The one JSON configuration: snake_case names, RFC 3339 timestamps, unknown fields refused (a
 * typo in a limit must not be silently ignored), duplicate fields refused, nulls inside lists and
 * maps refused, nesting bounded. Every request body is bound here, so what a client may send and
 * how a bad body is answered is decided once, for every route: 400 with a message in plain words
 * ({@link JsonProblems}), never a parser or Java type name.
 */
public final class Json {
  static final long MAX_BODY_BYTES = 1 << 20;
  /** Deeper than any body of the API needs; bounds the parser's recursion on hostile input. */
  static final int MAX_NESTING = 32;

  private final JsonBuffers buffers = new JsonBuffers();
  private final ObjectMapper mapper =
      JsonMapper.builder(
              JsonFactory.builder()
                  .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING).build())
                  .build())
          .addModule(new JavaTimeModule())
          // properties read and written through generated accessors, not reflection: a listing
          // page's 1,000 views spent a sixth of its CPU in Method.invoke
          .addModule(new BlackbirdModule())
          .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          // the request body stays open: after a refusal the server may still read and drop its rest
          .disable(StreamReadFeature.AUTO_CLOSE_SOURCE)
          // ["a", null] or {"k": null} inside a body is never meaningful: refuse it where it is read
          .defaultSetterInfo(JsonSetter.Value.forContentNulls(Nulls.FAIL))
          .addModule(new SimpleModule("no-nul-strings").addDeserializer(String.class, new NoNulStrings()))
          // after JavaTimeModule: the same text, written without the formatter
          .addModule(new SimpleModule("instant-text").addSerializer(Instant.class, new InstantText()))
          // a field has one type: 42 is not a name, "42" not a size, 1 not true
          .withCoercionConfig(LogicalType.Textual, c -> refuse(c, CoercionInputShape.Integer, CoercionInputShape.Float, CoercionInputShape.Boolean))
          .withCoercionConfig(LogicalType.Integer, c -> refuse(c, CoercionInputShape.String, CoercionInputShape.Float, CoercionInputShape.Boolean))
          .withCoercionConfig(LogicalType.Boolean, c -> refuse(c, CoercionInputShape.String, CoercionInputShape.Integer, CoercionInputShape.Float))
          .build();

  /** Text without NUL characters: no field can mean one, and PostgreSQL refuses them in text. */
  private static final class NoNulStrings extends StdScalarDeserializer<String> {
    NoNulStrings() {
      super(String.class);
    }

    @Override
    public String deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
      String s = StringDeserializer.instance.deserialize(p, ctx);
      if (s != null && s.indexOf('\0') >= 0) {
        throw ctx.weirdStringException(s, String.class, JsonProblems.NUL);
      }
      return s;
    }
  }

  private static void refuse(MutableCoercionConfig config, CoercionInputShape... shapes) {
    for (CoercionInputShape shape : shapes) {
      config.setCoercion(shape, CoercionAction.Fail);
    }
  }

  public ObjectMapper mapper() {
    return mapper;
  }

  /** Sends a JSON body: its length, then its bytes (written to the stream {@code send} is given). */
  @FunctionalInterface
  interface BodySender {
    void send(int length, JsonBuffers.Buffer body) throws IOException;
  }

  /**
   * Writes {@code value} into a buffer kept between responses and hands it to {@code send}, which
   * must have sent it (a blocking write) when it returns: the buffer is then reused.
   */
  void send(Object value, BodySender send) throws IOException {
    JsonBuffers.Buffer buffer = buffers.take();
    try {
      try {
        mapper.writeValue(buffer, value);
      } catch (JsonProcessingException e) {
        throw new IllegalStateException(e);
      }
      send.send(buffer.size(), buffer);
    } finally {
      buffers.give(buffer);
    }
  }

  public byte[] write(Object value) {
    try {
      return mapper.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Reads a body that must be one JSON object into {@code type}; an empty body reads as {@code {}}.
   * Anything else (null, a list, a string, a number, malformed or too deep JSON, a field of the
   * wrong shape) is a 400 naming what was expected.
   */
  <T> T read(InputStream in, Class<T> type) throws IOException {
    try (JsonParser p = mapper.createParser(in)) {
      JsonToken first = p.nextToken();
      if (first == null) {
        return mapper.readValue("{}", type);
      }
      if (first != JsonToken.START_OBJECT) {
        throw new InvalidInputException("invalid_json", "the body must be a JSON object, not " + JsonProblems.describe(first));
      }
      return mapper.readValue(p, type);
    } catch (JsonProcessingException e) {
      throw JsonProblems.of(e);
    } catch (IOException e) {
      if (e.getCause() instanceof SiloException se) {
        throw se;
      }
      throw e;
    }
  }
}
