/** Small pure building blocks shared by the services: ids, secrets, digests, file regions. */
package dev.silo.core.support;
