package org.siegegrid.core.report;

/**
 * One thing that happened to a session, for the report's events table ({@link ReportHtml}): a plain value,
 * so the report depends on no event log; whoever has one maps its entries to these.
 *
 * @param at     when, epoch millis (cluster time)
 * @param kind   what happened, e.g. {@code started}, {@code updated}, {@code node-left}
 * @param node   the node it concerns or that saw it; null or empty when none
 * @param detail free text; null or empty when none
 */
public record ReportEvent(long at, String kind, String node, String detail) {
}
