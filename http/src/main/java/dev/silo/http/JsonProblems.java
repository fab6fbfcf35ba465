package dev.silo.http;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidNullException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.silo.core.error.InvalidInputException;
import dev.silo.core.error.SiloException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.temporal.TemporalAccessor;
import java.util.Collection;
import java.util.Map;

/**
 * Turns what the JSON parser and binder complain about into a client's words: the field (as a
 * path like {@code limits.allowed_content_types[0]}) and the shape it must have ("an integer", "a
 * list of strings"). The parser's own messages name Java classes and token kinds, so none of them
 * is passed through.
 */
final class JsonProblems {
  static final String NUL = "contains a NUL character";

  private JsonProblems() {}

  static RuntimeException of(JsonProcessingException e) {
    if (e.getCause() instanceof SiloException se) {
      return se; // a record that validated itself while being bound
    }
    if (e instanceof UnrecognizedPropertyException u) {
      return new InvalidInputException("unknown_field", "unknown field: " + path(u, u.getPropertyName()));
    }
    if (causedBy(e, StreamConstraintsException.class)) {
      return invalid("the body nests too deeply (at most " + Json.MAX_NESTING + " levels)");
    }
    if (e instanceof InputCoercionException c) {
      return invalid(pathOrValue(e) + " is out of range for this field");
    }
    if (isRange(e.getOriginalMessage())) {
      // a number too large for any field the parser could bind it to
      return invalid(pathOrValue(e) + " is out of range for this field");
    }
    if (e instanceof InvalidNullException n) {
      return invalid(fieldOrBody(n) + " must not be null" + contentHint(n));
    }
    if (e instanceof MismatchedInputException m) {
      String where = fieldOrBody(m);
      if (m.getOriginalMessage() != null && m.getOriginalMessage().contains(NUL)) {
        return invalid(where + " must not contain a NUL character");
      }
      if (m.getTargetType() != null && Number.class.isAssignableFrom(box(m.getTargetType())) && mentionsRange(m)) {
        return invalid(where + " is out of range for this field");
      }
      return invalid(where + " must be " + shape(m.getTargetType()));
    }
    if (e instanceof JsonMappingException m && m.getCause() instanceof IllegalArgumentException) {
      return invalid(fieldOrBody(m) + " has an invalid value");
    }
    return invalid("the body is not valid JSON" + at(e.getLocation()));
  }

  private static boolean causedBy(Throwable e, Class<? extends Throwable> kind) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (kind.isInstance(t)) {
        return true;
      }
    }
    return false;
  }

  /** A token as a client would name it. */
  static String describe(JsonToken t) {
    return switch (t) {
      case START_ARRAY -> "a list";
      case VALUE_STRING -> "a string";
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
      case VALUE_TRUE, VALUE_FALSE -> "true or false";
      case VALUE_NULL -> "null";
      default -> "that";
    };
  }

  private static InvalidInputException invalid(String message) {
    return new InvalidInputException("invalid_json", message);
  }

  private static String at(JsonLocation loc) {
    return loc == null || loc.getLineNr() < 1 ? "" : " (line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ")";
  }

  private static boolean mentionsRange(MismatchedInputException m) {
    return isRange(m.getOriginalMessage());
  }

  private static boolean isRange(String msg) {
    return msg != null && (msg.contains("out of range") || msg.contains("overflow") || msg.contains("Numeric value"));
  }

  private static String contentHint(InvalidNullException n) {
    return n.getPath().isEmpty() ? "" : " (a list or map here holds values, never null)";
  }

  private static String fieldOrBody(JsonMappingException e) {
    String p = path(e, null);
    return p.isEmpty() ? "the body" : p;
  }

  /** The field a value belongs to: from the binder's path, or the parser's position in the body. */
  private static String pathOrValue(JsonProcessingException e) {
    if (e instanceof JsonMappingException m) {
      String p = path(m, null);
      if (!p.isEmpty()) {
        return p;
      }
    }
    if (e.getProcessor() instanceof JsonParser parser) {
      String name = parser.getParsingContext() == null ? null : parser.getParsingContext().getCurrentName();
      if (name != null) {
        return name;
      }
    }
    return "a number";
  }

  /** {@code a.b[2].c}, from the binder's reference chain. */
  static String path(JacksonException e, String last) {
    StringBuilder sb = new StringBuilder();
    if (e instanceof JsonMappingException m) {
      for (JsonMappingException.Reference r : m.getPath()) {
        if (r.getFieldName() != null) {
          if (!sb.isEmpty()) {
            sb.append('.');
          }
          sb.append(r.getFieldName());
        } else if (r.getIndex() >= 0) {
          sb.append('[').append(r.getIndex()).append(']');
        }
      }
    }
    if (last != null && !sb.toString().endsWith(last)) {
      if (!sb.isEmpty()) {
        sb.append('.');
      }
      sb.append(last);
    }
    return sb.toString();
  }

  /** The expected shape of a Java type in plain words. */
  static String shape(Class<?> type) {
    if (type == null) {
      return "of another kind";
    }
    Class<?> t = box(type);
    if (t == String.class || t == Character.class || t.isEnum()) {
      return "a string";
    }
    if (t == Long.class || t == Integer.class || t == Short.class || t == Byte.class || t == BigInteger.class) {
      return "an integer";
    }
    if (t == Double.class || t == Float.class || t == BigDecimal.class) {
      return "a number";
    }
    if (t == Boolean.class) {
      return "true or false";
    }
    if (TemporalAccessor.class.isAssignableFrom(t)) {
      return "an RFC 3339 timestamp";
    }
    if (Collection.class.isAssignableFrom(t) || t.isArray()) {
      return "a list";
    }
    if (Map.class.isAssignableFrom(t) || t.isRecord() || t.getName().startsWith("com.fasterxml")) {
      return "an object";
    }
    return "of another kind";
  }

  private static Class<?> box(Class<?> t) {
    if (!t.isPrimitive()) {
      return t;
    }
    return switch (t.getName()) {
      case "long" -> Long.class;
      case "int" -> Integer.class;
      case "short" -> Short.class;
      case "byte" -> Byte.class;
      case "double" -> Double.class;
      case "float" -> Float.class;
      case "boolean" -> Boolean.class;
      case "char" -> Character.class;
      default -> t;
    };
  }
}
