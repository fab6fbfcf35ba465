package dev.silo.api.tus;

import static dev.silo.http.Access.ANONYMOUS;
import static dev.silo.http.Access.TENANT_OR_SIGNED;

import dev.silo.core.auth.Authenticator;
import dev.silo.core.domain.Scope;
import dev.silo.core.upload.resumable.ResumableUploadService;
import dev.silo.http.Route;
import dev.silo.http.SignedTarget;
import java.util.List;

/**
 * The TUS routes. Each needs a tenant's API key with scope {@code write}, or a signed upload token
 * in {@code ?token=} (from {@code POST /v1/uploads} with {@code "resumable": true}) that
 * authorizes one upload.
 */
public final class TusApi {
  public static final String VERSION = "1.0.0";
  public static final String EXTENSIONS =
      "creation,creation-with-upload,creation-defer-length,termination,expiration,checksum,concatenation";
  public static final String CHECKSUM_ALGORITHMS = "sha1,sha256";

  /** A token on a TUS route must be an upload token; the upload it names is checked by the service. */
  private static final SignedTarget UPLOAD_TOKEN = ex -> Authenticator.TokenTarget.upload();

  private TusApi() {}

  public static List<Route> routes(ResumableUploadService uploads) {
    var h = new TusHandlers(uploads);
    return List.of(
        new Route("OPTIONS", "/v1/tus/", ANONYMOUS, null, "TUS discovery", h::options),
        new Route("POST", "/v1/tus/", TENANT_OR_SIGNED, Scope.WRITE, "TUS: create an upload", h::create, UPLOAD_TOKEN),
        new Route("OPTIONS", "/v1/tus/{upload_id}", ANONYMOUS, null, "TUS discovery", h::options),
        new Route("HEAD", "/v1/tus/{upload_id}", TENANT_OR_SIGNED, Scope.WRITE, "TUS: an upload's offset", h::head, UPLOAD_TOKEN),
        new Route("PATCH", "/v1/tus/{upload_id}", TENANT_OR_SIGNED, Scope.WRITE, "TUS: append a chunk", h::patch, UPLOAD_TOKEN),
        new Route("DELETE", "/v1/tus/{upload_id}", TENANT_OR_SIGNED, Scope.WRITE, "TUS: terminate an upload", h::terminate, UPLOAD_TOKEN));
  }
}
