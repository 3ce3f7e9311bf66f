/** Entry listeners: registration, filtering, synchronous and ordered asynchronous delivery of entry events. */
package io.cachette.jcache.internal.event;
