package dev.silo.http.tls;

import dev.silo.http.tls.BadTlsFile.Part;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The two PEM files HTTPS is served from: {@code certificate} holds the server's certificate
 * first, then any intermediates (certbot's {@code fullchain.pem}); {@code key} holds its private
 * key as PKCS#8 ({@code PRIVATE KEY}), PKCS#1 ({@code RSA PRIVATE KEY}) or SEC1
 * ({@code EC PRIVATE KEY}), unencrypted.
 */
public record TlsFiles(Path certificate, Path key) {
  /** The password of the in-memory key store only; the key never leaves this process. */
  static final char[] STORE_PASSWORD = "silo".toCharArray();

  public TlsFiles {
    if (certificate == null || key == null) {
      throw new IllegalArgumentException("HTTPS needs both a certificate file and a key file");
    }
  }

  /** What was read: a key store with one entry, the chain, and a digest of both files' bytes. */
  public record Loaded(KeyStore keyStore, List<X509Certificate> chain, byte[] digest) {
    public X509Certificate leaf() {
      return chain.getFirst();
    }
  }

  /** Reads and checks both files; every problem is a one-line {@link BadTlsFile}. */
  public Loaded load() {
    byte[] certBytes = read(Part.CERTIFICATE, certificate);
    byte[] keyBytes = read(Part.KEY, key);
    List<X509Certificate> chain = certificates(new String(certBytes, StandardCharsets.US_ASCII));
    PrivateKey privateKey = privateKey(new String(keyBytes, StandardCharsets.US_ASCII));
    if (!matches(privateKey, chain.getFirst())) {
      throw new BadTlsFile(Part.KEY, "the private key in " + key + " does not belong to the first certificate in " + certificate);
    }
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setKeyEntry("silo", privateKey, STORE_PASSWORD, chain.toArray(X509Certificate[]::new));
      return new Loaded(store, List.copyOf(chain), digest(certBytes, keyBytes));
    } catch (GeneralSecurityException | IOException e) {
      throw new BadTlsFile(Part.KEY, "the key in " + key + " cannot be used: " + e.getMessage());
    }
  }

  /** The digest of both files as they are now, to notice a change without parsing. */
  byte[] currentDigest() {
    return digest(read(Part.CERTIFICATE, certificate), read(Part.KEY, key));
  }

  private static byte[] read(Part part, Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new BadTlsFile(part, "cannot read " + file + " (" + reason(e) + ")");
    }
  }

  private static String reason(IOException e) {
    return switch (e) {
      case java.nio.file.NoSuchFileException n -> "no such file";
      case java.nio.file.AccessDeniedException a -> "permission denied";
      default -> e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    };
  }

  private List<X509Certificate> certificates(String text) {
    List<X509Certificate> chain = new ArrayList<>();
    try {
      CertificateFactory factory = CertificateFactory.getInstance("X.509");
      for (Pem.Block b : Pem.blocks(text)) {
        if (b.type().equals("CERTIFICATE")) {
          chain.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(b.der())));
        }
      }
    } catch (CertificateException | IllegalArgumentException e) {
      throw new BadTlsFile(Part.CERTIFICATE, certificate + " holds a CERTIFICATE block that is not a valid X.509 certificate");
    }
    if (chain.isEmpty()) {
      throw new BadTlsFile(Part.CERTIFICATE, certificate + " holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
    }
    return chain;
  }

  private PrivateKey privateKey(String text) {
    List<Pem.Block> blocks;
    try {
      blocks = Pem.blocks(text);
    } catch (IllegalArgumentException e) {
      throw new BadTlsFile(Part.KEY, key + " is not a valid PEM file");
    }
    for (Pem.Block b : blocks) {
      switch (b.type()) {
        case "PRIVATE KEY" -> {
          return pkcs8(b.der(), "RSA", "EC", "Ed25519", "Ed448");
        }
        case "RSA PRIVATE KEY" -> {
          byte[] algorithm = Der.tlv(Der.SEQUENCE, Der.tlv(Der.OID, Der.RSA_ENCRYPTION), Der.tlv(Der.NULL));
          return pkcs8(Der.pkcs8(algorithm, b.der()), "RSA");
        }
        case "EC PRIVATE KEY" -> {
          byte[] curve = sec1Curve(b.der());
          byte[] algorithm = Der.tlv(Der.SEQUENCE, Der.tlv(Der.OID, Der.EC_PUBLIC_KEY), curve);
          return pkcs8(Der.pkcs8(algorithm, b.der()), "EC");
        }
        default -> {
          if (b.type().startsWith("ENCRYPTED")) {
            throw new BadTlsFile(Part.KEY, key + " holds an encrypted private key; Silo needs it unencrypted"
                + " (openssl pkey -in encrypted.pem -out key.pem)");
          }
        }
      }
    }
    throw new BadTlsFile(Part.KEY, key + " holds no PEM private key (PRIVATE KEY, RSA PRIVATE KEY or EC PRIVATE KEY)");
  }

  private byte[] sec1Curve(byte[] sec1) {
    byte[] curve;
    try {
      curve = Der.sec1Curve(sec1);
    } catch (IllegalArgumentException e) {
      curve = null;
    }
    if (curve == null) {
      throw new BadTlsFile(Part.KEY, "the EC PRIVATE KEY in " + key + " does not name its curve");
    }
    return curve;
  }

  private PrivateKey pkcs8(byte[] der, String... algorithms) {
    for (String algorithm : algorithms) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
      } catch (GeneralSecurityException | IllegalArgumentException e) {
        // not this algorithm: try the next
      }
    }
    throw new BadTlsFile(Part.KEY, "the private key in " + key + " is not a valid " + String.join(", ", algorithms) + " key");
  }

  /** Whether the key signs what the certificate's public key verifies: a mismatched pair fails every handshake. */
  private static boolean matches(PrivateKey key, X509Certificate certificate) {
    String algorithm =
        switch (key.getAlgorithm()) {
          case "RSA" -> "SHA256withRSA";
          case "EC" -> "SHA256withECDSA";
          default -> key.getAlgorithm();
        };
    try {
      byte[] probe = "silo-tls-key-check".getBytes(StandardCharsets.US_ASCII);
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(key);
      signer.update(probe);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(certificate.getPublicKey());
      verifier.update(probe);
      return verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  private static byte[] digest(byte[] certificate, byte[] key) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(certificate);
      sha.update(key);
      return sha.digest();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  static boolean same(byte[] a, byte[] b) {
    return Arrays.equals(a, b);
  }
}
