/**
 * The suppression list: addresses Salvo must not send to, after a hard bounce, a complaint, an
 * unsubscribe or by hand. Entries are global or scoped to one sending domain. The engine checks it
 * at submit; the bounce rules, the bounce listener and {@code salvo suppress} add to it.
 */
package dev.salvo.suppress;
