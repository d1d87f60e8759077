package org.siegegrid.web.api;

import java.math.BigDecimal;
import java.math.RoundingMode;

import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonPrimitive;

/** Numbers in views: rates with 2 decimals, whole numbers without a fraction, NaN/infinite as null. */
final class Numbers {
    private Numbers() {
    }

    static JsonElement rate(double v) {
        return fixed(v, 2);
    }

    static JsonElement fixed(double v, int decimals) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return JsonNull.INSTANCE;
        }
        BigDecimal d = BigDecimal.valueOf(v).setScale(decimals, RoundingMode.HALF_EVEN).stripTrailingZeros();
        if (d.scale() < 0) {
            d = d.setScale(0);
        }
        return new JsonPrimitive(d);
    }
}
