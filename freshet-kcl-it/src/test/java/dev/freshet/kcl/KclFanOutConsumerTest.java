package dev.freshet.kcl;

/**
 * A KCL 3 consumer reading by enhanced fan-out, the KCL's default (RegisterStreamConsumer,
 * DescribeStreamConsumer, then SubscribeToShard over HTTP/2 on TLS): see {@link KclConsumerBehaviour} for
 * what it proves.
 */
class KclFanOutConsumerTest extends KclConsumerBehaviour {

    KclFanOutConsumerTest() {
        super(KclWorker.Retrieval.FAN_OUT);
    }
}
