/** Value records of the domain; each validates itself in its constructor. */
package dev.silo.core.domain;
