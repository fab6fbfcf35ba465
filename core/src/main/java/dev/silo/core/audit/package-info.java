/** What happened and who must hear of it: audit records and outbox events. */
package dev.silo.core.audit;
