/** Authentication: the only code that turns a credential into a {@link dev.silo.core.auth.RequestContext}. */
package dev.silo.core.auth;
