/** Small pure building blocks shared by the services: ids, secrets, digests. */
package dev.silo.core.support;
