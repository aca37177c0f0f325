import { silentLogger } from "@sift/schemas";
import type { TestKafka } from "@sift/testkit";
import { createOccurrenceProducer } from "../producer.js";
import type { OccurrenceProducer, OccurrenceProducerOptions } from "../producer.js";

/** A producer to the test topic of `kafka` that logs nothing; `options` add to or replace that. */
export function testProducer<R>(
  kafka: TestKafka,
  options: Partial<OccurrenceProducerOptions<R>> = {},
): OccurrenceProducer<R> {
  return createOccurrenceProducer<R>({
    kafka: kafka.kafka,
    topic: kafka.topic,
    logger: silentLogger,
    ...options,
  });
}
