package io.aigne.usage.aggregator;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import net.jpountz.lz4.LZ4Factory;
import org.junit.jupiter.api.Test;

/** Under Quarkus' class loader (as in production), Kafka's LZ4 streams get the native codec. */
@QuarkusTest
class Lz4NativeTest {

    @Test
    void kafkasLz4CodecIsTheNativeOne() {
        assertThat(LZ4Factory.class.getClassLoader()).isNotSameAs(ClassLoader.getSystemClassLoader());
        assertThat(LZ4Factory.fastestInstance()).hasToString("LZ4Factory:JNI");
    }
}
