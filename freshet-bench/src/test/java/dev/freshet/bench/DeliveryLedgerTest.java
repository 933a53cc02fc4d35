package dev.freshet.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class DeliveryLedgerTest {

    private final Payload payload = new Payload(40);
    private final DeliveryLedger ledger = new DeliveryLedger(40);

    @Test
    void aRecordReadBeforeItsAcknowledgementArrivesIsNeitherUnexpectedNorMissing() {
        long id = Payload.id(3, 9);
        ledger.observe(payload.record(id).data());
        assertThat(ledger.seenAcknowledgedCount()).isZero();
        ledger.acknowledge(id);

        assertThat(ledger.seenAcknowledgedCount()).isEqualTo(1);
        assertThat(ledger.verify().exactlyOnce()).isTrue();
    }

    @Test
    void countsMissingDuplicatedUnexpectedAndCorruptRecords() {
        ledger.acknowledge(Payload.id(0, 0));
        ledger.acknowledge(Payload.id(0, 1));
        ledger.acknowledge(Payload.id(1, 0));
        ledger.observe(List.of(payload.record(Payload.id(0, 0)).data(), payload.record(Payload.id(0, 0)).data(),
                payload.record(Payload.id(1, 0)).data(), payload.record(Payload.id(2, 4)).data(), new byte[40],
                new Payload(41).record(Payload.id(0, 1)).data()));

        Verification v = ledger.verify();
        assertThat(v.acknowledged()).isEqualTo(3);
        assertThat(v.read()).isEqualTo(6);
        assertThat(v.missing()).isEqualTo(1);
        assertThat(v.missingSample()).containsExactly(Payload.id(0, 1));
        assertThat(v.duplicated()).isEqualTo(1);
        assertThat(v.unexpected()).isEqualTo(1);
        assertThat(v.corrupt()).isEqualTo(2);
        assertThat(v.exactlyOnce()).isFalse();
    }
}
