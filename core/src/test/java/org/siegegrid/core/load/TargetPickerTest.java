package org.siegegrid.core.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.siegegrid.core.session.Order;
import org.siegegrid.core.session.Target;

class TargetPickerTest {

    private static PreparedRequest[] targets(int n) {
        PreparedRequest[] out = new PreparedRequest[n];
        for (int i = 0; i < n; i++) {
            Target t = Target.get("http://h/" + (char) ('a' + i));
            out[i] = new PreparedRequest() {
                @Override
                public String origin() {
                    return "http://h:80";
                }

                @Override
                public Target target() {
                    return t;
                }
            };
        }
        return out;
    }

    /**
     * Senders whose requests interleave (slice k sends the k-th of every round) walk the URL list in turn
     * together, as siege does: a, b, c, a, b, c. Each walking it alone sent a, b, b, c, c, a with two.
     */
    @ParameterizedTest
    @CsvSource({"3, 2", "2, 2", "4, 2", "5, 3", "1, 2", "3, 1"})
    void interleavedSendersTakeTheUrlsInTurn(int urls, int senders) {
        PreparedRequest[] t = targets(urls);
        List<TargetPicker> pickers = new ArrayList<>();
        for (int k = 0; k < senders; k++) {
            pickers.add(new TargetPicker(t, Order.SEQUENTIAL, 1, k, senders));
        }
        List<String> sent = new ArrayList<>();
        List<String> siege = new ArrayList<>();
        for (int round = 0; round < 4; round++) {
            for (TargetPicker p : pickers) {
                sent.add(p.next().target().url());
                siege.add(t[siege.size() % urls].target().url());
            }
        }
        assertThat(sent).isEqualTo(siege);
    }
}
