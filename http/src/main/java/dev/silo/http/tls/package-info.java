/**
 * HTTPS on Silo's own ports: a certificate chain and private key read from PEM files (the
 * formats certbot and openssl write), served with TLS 1.2 and 1.3 only, and reloaded in place
 * when the files change so that a renewal needs no restart.
 */
package dev.silo.http.tls;
