package dev.silo.http;

/** One operation of a protocol. Throws core errors; the renderer maps them. */
@FunctionalInterface
public interface Handler {
  void handle(Exchange exchange) throws Exception;
}
