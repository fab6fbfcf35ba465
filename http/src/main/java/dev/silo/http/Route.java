package dev.silo.http;

import dev.silo.core.domain.Scope;
import java.util.List;
import java.util.Objects;

/**
 * One line of a route table: method and path template, who may call it and with which scope, and
 * the handler. Templates are {@code /v1/objects/{key+}}: a {@code {name}} matches one segment, a
 * trailing {@code {name+}} the rest of the path. A route that takes signed tokens ({@link
 * Access#TENANT_OR_SIGNED}) declares what a token must name ({@link SignedTarget}).
 */
public record Route(
    String method, String template, Access access, Scope scope, String summary, Handler handler, SignedTarget signed) {
  public Route {
    Objects.requireNonNull(method);
    Objects.requireNonNull(template);
    Objects.requireNonNull(access);
    if ((access == Access.TENANT || access == Access.TENANT_OR_SIGNED || access == Access.TENANT_OR_OPERATOR) && scope == null) {
      throw new IllegalArgumentException("tenant route " + template + " must declare a scope");
    }
    if ((access == Access.TENANT_OR_SIGNED) != (signed != null)) {
      throw new IllegalArgumentException("route " + template + ": a signed target goes with TENANT_OR_SIGNED, and only with it");
    }
    if (access == Access.OPERATOR_FOR_TENANT && !template.contains("/{tenant}")) {
      throw new IllegalArgumentException("route " + template + " must name its tenant with {tenant}");
    }
  }

  /** A route that takes no signed token. */
  public Route(String method, String template, Access access, Scope scope, String summary, Handler handler) {
    this(method, template, access, scope, summary, handler, null);
  }

  List<String> segments() {
    return List.of(template.substring(1).split("/", -1));
  }
}
