package dev.silo.http;

import dev.silo.core.domain.Scope;
import java.util.List;
import java.util.Objects;

/**
 * One line of a route table: method and path template, who may call it and with which scope, and
 * the handler. Templates are {@code /v1/objects/{key+}}: a {@code {name}} matches one segment, a
 * trailing {@code {name+}} the rest of the path.
 */
public record Route(String method, String template, Access access, Scope scope, String summary, Handler handler) {
  public Route {
    Objects.requireNonNull(method);
    Objects.requireNonNull(template);
    Objects.requireNonNull(access);
    if ((access == Access.TENANT || access == Access.TENANT_OR_SIGNED || access == Access.TENANT_OR_OPERATOR) && scope == null) {
      throw new IllegalArgumentException("tenant route " + template + " must declare a scope");
    }
  }

  List<String> segments() {
    return List.of(template.substring(1).split("/", -1));
  }
}
