package org.siegegrid.web.target;

import java.util.List;

/**
 * What the sink has counted: the ground truth tests compare reports against.
 *
 * @param requests  every request received (except {@code /__stats} itself)
 * @param errors    requests answered 500 on purpose ({@code --error-rate})
 * @param resets    requests answered by an RST on purpose ({@code --reset-rate})
 * @param garbage   requests answered with bytes that are not HTTP ({@code --garbage-rate})
 * @param hung      requests never answered on purpose ({@code --hang-rate})
 * @param perSecond requests received in each whole second since the first request, up to the
 *                  last completed second that saw a request
 */
public record TargetStats(long requests, long errors, long resets, long garbage, long hung, List<Long> perSecond) {
    /** Nothing counted (or a reset sink). */
    public static final TargetStats EMPTY = new TargetStats(0, 0, 0, 0, 0, List.of());

    public TargetStats {
        perSecond = List.copyOf(perSecond);
    }

    /** The JSON that {@code GET /__stats} returns. */
    public String toJson() {
        StringBuilder sb = new StringBuilder(32 + perSecond.size() * 6);
        sb.append("{\"requests\": ").append(requests)
                .append(", \"errors\": ").append(errors)
                .append(", \"resets\": ").append(resets)
                .append(", \"garbage\": ").append(garbage)
                .append(", \"hung\": ").append(hung)
                .append(", \"perSecond\": [");
        for (int i = 0; i < perSecond.size(); i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(perSecond.get(i));
        }
        return sb.append("]}").toString();
    }
}
