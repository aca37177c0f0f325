export { createTestDatabase, maintenanceUrl } from "./database.js";
export type { TestDatabase, TestDatabaseOptions } from "./database.js";
export { createTestRedis, deleteKeysWithPrefix } from "./redis.js";
export type { TestRedis, TestRedisOptions } from "./redis.js";
export { createTestKafka } from "./kafka.js";
export type {
  ReadAllOptions,
  TestKafka,
  TestKafkaMessage,
  TestKafkaMessageInput,
  TestKafkaOptions,
} from "./kafka.js";
export { fixturesDir, listFixtures, loadFixture, loadFixtureText } from "./fixtures.js";
export type { FixtureKind } from "./fixtures.js";
export {
  checkKafka,
  checkPostgres,
  checkRedis,
  checkServices,
  runServices,
  buildApps,
  LOCAL_KAFKA_BROKERS,
  START_KAFKA_COMMAND,
  START_POSTGRES_COMMAND,
  START_REDIS_COMMAND,
} from "./services.js";
export type { CheckedServices, CheckServicesOptions } from "./services.js";
export { testDatabase, testKafka, testRedis } from "./test-services.js";
export type { TestDatabaseUseOptions, TestKafkaUseOptions } from "./test-services.js";
export {
  repoRoot,
  median,
  percentile,
  sleep,
  Progress,
  table,
  freePort,
  peakRssMb,
  startApp,
  committedCount,
  topicLowOffsets,
} from "./tools.js";
export type { Daemon, StartAppOptions } from "./tools.js";
export { rng, uuidHex, pick, between, zipf } from "./seeded.js";
export {
  inlineEvent,
  minimalOccurrenceMessage,
  occurrenceMessage,
  statusChangeMessage,
  storedEventSeed,
} from "./load-messages.js";
export type { StoredEventSeed } from "./load-messages.js";
export { backendPid, waitForLockWaiter } from "./locks.js";
export { mutableClock } from "./clock.js";
export type { MutableClock } from "./clock.js";
export { walkFlags } from "./flags.js";
export type { FlagValue } from "./flags.js";
