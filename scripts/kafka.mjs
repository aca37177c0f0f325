#!/usr/bin/env node
// Runs a real single-node Apache Kafka broker (KRaft) for development and integration tests.
//
//   node scripts/kafka.mjs start    fetch the broker from Maven Central (cached), format, start, wait
//   node scripts/kafka.mjs stop     stop the broker started from this repo's .cache/kafka
//   node scripts/kafka.mjs status   say whether it runs and answers (exit 0 if it answers, 1 if not)
//
// Everything lives under .cache/kafka/ (git-ignored): pom.xml, libs/, data/, server.properties,
// log4j2.properties, broker.log, broker.pid. No Docker and no apache.org tarball: only `mvn`.
import { spawn, spawnSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

// The broker version: the newest 4.x. kafkajs 2.2.4 was checked end-to-end against it (admin create
// topic, produce, consumer group join/rebalance + consume + commit, fetchOffsets, idempotent and
// transactional produce); see packages/testkit/src/kafka.int.test.ts. The configuration below is
// Kafka 4's (log4j2, share coordinator); going back to 3.9.x would need a log4j 1 (reload4j) config.
const KAFKA_VERSION = "4.4.0";
const SCALA_VERSION = "2.13";
// Kafka 4's poms declare slf4j-api 1.7 (for the clients' sake) while its distribution runs the broker
// on slf4j 2 + log4j2; without these the broker silently logs nothing (SLF4J NOP logger).
const LOG4J_VERSION = "2.25.5";
const SLF4J_VERSION = "2.0.17";

const HOST = "127.0.0.1";
const BROKER_PORT = 9092;
const CONTROLLER_PORT = 9093;
const START_TIMEOUT_MS = 120_000;
const STOP_TIMEOUT_MS = 30_000;
const LOG_ROTATE_BYTES = 50 * 1024 * 1024;
const MAX_MESSAGE_BYTES = 5 * 1024 * 1024; // 2 MB messages plus batch overhead, with room to spare

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const CACHE = path.join(ROOT, ".cache", "kafka");
const LIBS = path.join(CACHE, "libs");
const MARKER = path.join(LIBS, ".complete");
const DATA = path.join(CACHE, "data");
const LOG_FILE = path.join(CACHE, "broker.log");
const PID_FILE = path.join(CACHE, "broker.pid");
const LOCK_DIR = path.join(CACHE, "start.lock");
const SERVER_PROPERTIES = path.join(CACHE, "server.properties");
const LOG4J2_PROPERTIES = path.join(CACHE, "log4j2.properties");
const POM = path.join(CACHE, "pom.xml");

const require = createRequire(path.join(ROOT, "package.json"));

const t0 = Date.now();
const say = (msg) => console.log(`[kafka] ${msg}`);
const elapsed = () => `${((Date.now() - t0) / 1000).toFixed(1)} s`;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// ---------------------------------------------------------------------------------------------
// Probing the broker

/** True if a kafkajs admin client can list topics on 127.0.0.1:9092 within a couple of seconds. */
async function brokerAnswers() {
  const { Kafka, logLevel } = require("kafkajs");
  const kafka = new Kafka({
    clientId: "sift-kafka-script",
    brokers: [`${HOST}:${BROKER_PORT}`],
    logLevel: logLevel.NOTHING,
    connectionTimeout: 1_000,
    requestTimeout: 3_000,
    retry: { retries: 1, initialRetryTime: 100, maxRetryTime: 300 },
  });
  const admin = kafka.admin();
  try {
    await admin.connect();
    await admin.listTopics();
    return true;
  } catch {
    return false;
  } finally {
    await admin.disconnect().catch(() => {});
  }
}

// ---------------------------------------------------------------------------------------------
// Processes

function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === "EPERM";
  }
}

function readPid() {
  try {
    const pid = Number(fs.readFileSync(PID_FILE, "utf8").trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** Pids of java processes running kafka.Kafka with this repo's .cache/kafka on their command line. */
function ourBrokerPids() {
  const pids = [];
  let entries = [];
  try {
    entries = fs.readdirSync("/proc");
  } catch {
    return pids;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    let cmdline;
    try {
      cmdline = fs.readFileSync(`/proc/${entry}/cmdline`, "utf8").split("\0");
    } catch {
      continue; // gone already, or not ours to read
    }
    if (cmdline.includes("kafka.Kafka") && cmdline.some((arg) => arg.includes(CACHE))) {
      pids.push(Number(entry));
    }
  }
  return pids;
}

async function waitForExit(pid, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isAlive(pid) || isZombie(pid)) return true;
    await sleep(200);
  }
  return !isAlive(pid);
}

function isZombie(pid) {
  try {
    return /\) Z /.test(fs.readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return false;
  }
}

/** Keeps one previous broker.log once it has grown past LOG_ROTATE_BYTES (only while no broker writes it). */
function rotateLog() {
  try {
    if (fs.statSync(LOG_FILE).size > LOG_ROTATE_BYTES) fs.renameSync(LOG_FILE, `${LOG_FILE}.1`);
  } catch {
    // no log yet
  }
}

function tailLog(lines = 40) {
  try {
    const text = fs.readFileSync(LOG_FILE, "utf8").trimEnd().split("\n");
    return text.slice(-lines).join("\n");
  } catch {
    return "(no broker.log)";
  }
}

// ---------------------------------------------------------------------------------------------
// A lock so that two concurrent `start`s (e.g. two test runs) neither fetch nor spawn twice

async function withLock(fn) {
  fs.mkdirSync(CACHE, { recursive: true });
  const deadline = Date.now() + START_TIMEOUT_MS + 60_000;
  for (;;) {
    try {
      fs.mkdirSync(LOCK_DIR);
      fs.writeFileSync(path.join(LOCK_DIR, "pid"), String(process.pid));
      break;
    } catch (error) {
      if (error.code !== "EEXIST") throw error;
      let holder;
      try {
        holder = Number(fs.readFileSync(path.join(LOCK_DIR, "pid"), "utf8"));
      } catch {
        holder = undefined;
      }
      if (holder !== undefined && !Number.isNaN(holder) && !isAlive(holder)) {
        fs.rmSync(LOCK_DIR, { recursive: true, force: true }); // stale lock of a dead process
        continue;
      }
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${LOCK_DIR}`);
      await sleep(500);
    }
  }
  try {
    return await fn();
  } finally {
    fs.rmSync(LOCK_DIR, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------
// Fetching the broker with Maven

function pomXml() {
  // Kafka 4 logs through log4j2 behind slf4j 2 (see SLF4J_VERSION); direct dependencies win over the
  // transitive slf4j-api 1.7.36.
  const log4j2 = `
    <dependency><groupId>org.slf4j</groupId><artifactId>slf4j-api</artifactId><version>${SLF4J_VERSION}</version></dependency>
    <dependency><groupId>org.apache.logging.log4j</groupId><artifactId>log4j-api</artifactId><version>${LOG4J_VERSION}</version></dependency>
    <dependency><groupId>org.apache.logging.log4j</groupId><artifactId>log4j-core</artifactId><version>${LOG4J_VERSION}</version></dependency>
    <dependency><groupId>org.apache.logging.log4j</groupId><artifactId>log4j-slf4j2-impl</artifactId><version>${LOG4J_VERSION}</version></dependency>`;
  return `<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>local.sift</groupId>
  <artifactId>kafka-broker-libs</artifactId>
  <version>1</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency>
      <groupId>org.apache.kafka</groupId>
      <artifactId>kafka_${SCALA_VERSION}</artifactId>
      <version>${KAFKA_VERSION}</version>
    </dependency>${log4j2}
  </dependencies>
  <build>
    <plugins>
      <plugin>
        <groupId>org.apache.maven.plugins</groupId>
        <artifactId>maven-dependency-plugin</artifactId>
        <version>3.8.1</version>
      </plugin>
    </plugins>
  </build>
</project>
`;
}

/** What the marker records: the version, and a hash of the pom so that a changed pom fetches again. */
function markerText() {
  return `${KAFKA_VERSION} ${createHash("sha256").update(pomXml()).digest("hex").slice(0, 16)}`;
}

function libsComplete() {
  try {
    return (
      fs.readFileSync(MARKER, "utf8").trim() === markerText() &&
      fs.existsSync(path.join(LIBS, `kafka_${SCALA_VERSION}-${KAFKA_VERSION}.jar`))
    );
  } catch {
    return false;
  }
}

function fetchLibs() {
  if (libsComplete()) return;
  let previous;
  try {
    previous = fs.readFileSync(MARKER, "utf8").trim().split(" ")[0];
  } catch {
    previous = undefined;
  }
  if (previous && previous !== KAFKA_VERSION && fs.existsSync(DATA)) {
    // A data dir written by another broker version may not be readable: it only holds test data.
    say(`version changed (${previous} -> ${KAFKA_VERSION}): clearing ${path.relative(ROOT, DATA)}`);
    fs.rmSync(DATA, { recursive: true, force: true });
  }
  say(
    `fetching org.apache.kafka:kafka_${SCALA_VERSION}:${KAFKA_VERSION} and its runtime dependencies with mvn`,
  );
  fs.mkdirSync(CACHE, { recursive: true });
  fs.writeFileSync(POM, pomXml());
  const staging = `${LIBS}.tmp`;
  fs.rmSync(staging, { recursive: true, force: true });
  const result = spawnSync(
    "mvn",
    [
      "-q",
      "-B",
      "-f",
      POM,
      "dependency:copy-dependencies",
      `-DoutputDirectory=${staging}`,
      "-DincludeScope=runtime",
    ],
    { cwd: CACHE, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 },
  );
  if (result.error) throw new Error(`could not run mvn: ${result.error.message}`);
  if (result.status !== 0) {
    process.stderr.write(result.stdout ?? "");
    process.stderr.write(result.stderr ?? "");
    throw new Error(`mvn exited with ${result.status}`);
  }
  if (!fs.existsSync(path.join(staging, `kafka_${SCALA_VERSION}-${KAFKA_VERSION}.jar`))) {
    throw new Error(`mvn did not produce kafka_${SCALA_VERSION}-${KAFKA_VERSION}.jar`);
  }
  fs.rmSync(LIBS, { recursive: true, force: true });
  fs.renameSync(staging, LIBS);
  fs.writeFileSync(MARKER, `${markerText()}\n`);
  say(`fetched ${fs.readdirSync(LIBS).filter((f) => f.endsWith(".jar")).length} jars (${elapsed()})`);
}

// ---------------------------------------------------------------------------------------------
// Configuration

function serverProperties() {
  const lines = [
    "# Written by scripts/kafka.mjs: a single-node KRaft broker for development and tests.",
    "process.roles=broker,controller",
    "node.id=1",
    `controller.quorum.voters=1@${HOST}:${CONTROLLER_PORT}`,
    `listeners=PLAINTEXT://${HOST}:${BROKER_PORT},CONTROLLER://${HOST}:${CONTROLLER_PORT}`,
    `advertised.listeners=PLAINTEXT://${HOST}:${BROKER_PORT}`,
    "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
    "controller.listener.names=CONTROLLER",
    "inter.broker.listener.name=PLAINTEXT",
    `log.dirs=${DATA}`,
    "num.partitions=8",
    "default.replication.factor=1",
    "auto.create.topics.enable=true",
    "delete.topic.enable=true",
    "offsets.topic.replication.factor=1",
    "offsets.topic.num.partitions=10",
    "transaction.state.log.replication.factor=1",
    "transaction.state.log.min.isr=1",
    "transaction.state.log.num.partitions=4",
    "group.initial.rebalance.delay.ms=0",
    `message.max.bytes=${MAX_MESSAGE_BYTES}`,
    `replica.fetch.max.bytes=${MAX_MESSAGE_BYTES}`,
    "num.network.threads=2",
    "num.io.threads=4",
    "num.recovery.threads.per.data.dir=1",
    "log.retention.hours=24",
    "log.segment.bytes=67108864",
    "share.coordinator.state.topic.replication.factor=1",
    "share.coordinator.state.topic.min.isr=1",
  ];
  return `${lines.join("\n")}\n`;
}

function log4j2Properties() {
  const file = LOG_FILE.replaceAll("\\", "/");
  return `# Written by scripts/kafka.mjs: everything goes to broker.log, nothing to the console.
status = warn
name = sift-kafka
# Keep logging until the broker's own shutdown hook has finished (log4j2's hook would stop it first).
shutdownHook = disable
appender.file.type = File
appender.file.name = FILE
appender.file.fileName = ${file}
appender.file.append = true
appender.file.layout.type = PatternLayout
appender.file.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = INFO
rootLogger.appenderRef.file.ref = FILE
logger.kafka.name = kafka
logger.kafka.level = INFO
logger.apache.name = org.apache.kafka
logger.apache.level = INFO
logger.request.name = kafka.request.logger
logger.request.level = WARN
logger.state.name = state.change.logger
logger.state.level = WARN
`;
}

function writeConfig() {
  fs.mkdirSync(DATA, { recursive: true });
  fs.writeFileSync(SERVER_PROPERTIES, serverProperties());
  fs.writeFileSync(LOG4J2_PROPERTIES, log4j2Properties());
}

function jvmArgs() {
  return [
    "-Xmx512m",
    "-Xms256m",
    "-XX:+UseG1GC",
    "-XX:MaxGCPauseMillis=20",
    "-XX:InitiatingHeapOccupancyPercent=35",
    "-XX:+ExplicitGCInvokesConcurrent",
    "-XX:ParallelGCThreads=2",
    "-XX:ConcGCThreads=1",
    "-XX:CICompilerCount=2",
    "-XX:+ExitOnOutOfMemoryError",
    "-Djava.awt.headless=true",
    `-Dlog4j2.configurationFile=${LOG4J2_PROPERTIES}`,
    `-Dkafka.logs.dir=${CACHE}`,
    "-cp",
    `${LIBS}/*`,
  ];
}

function formatStorage() {
  if (fs.existsSync(path.join(DATA, "meta.properties"))) return;
  let clusterId;
  do clusterId = randomBytes(16).toString("base64url");
  while (clusterId.startsWith("-"));
  say(`formatting KRaft log dir ${path.relative(ROOT, DATA)} (cluster ${clusterId})`);
  const result = spawnSync(
    "java",
    [
      ...jvmArgs(),
      "kafka.tools.StorageTool",
      "format",
      "-t",
      clusterId,
      "-c",
      SERVER_PROPERTIES,
      "--ignore-formatted",
    ],
    { cwd: CACHE, encoding: "utf8" },
  );
  if (result.status !== 0) {
    process.stderr.write(result.stdout ?? "");
    process.stderr.write(result.stderr ?? "");
    throw new Error(`kafka.tools.StorageTool format exited with ${result.status}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Commands

async function start() {
  if (await brokerAnswers()) {
    say(`a broker already answers on ${HOST}:${BROKER_PORT}`);
    return 0;
  }
  return withLock(async () => {
    // Someone else may have started it while we waited for the lock.
    if (await brokerAnswers()) {
      say(`a broker already answers on ${HOST}:${BROKER_PORT}`);
      return 0;
    }
    fetchLibs();
    writeConfig();

    let pid = readPid();
    if (pid !== undefined && isAlive(pid) && ourBrokerPids().includes(pid)) {
      say(`broker pid ${pid} is running but not answering yet; waiting for it`);
    } else {
      formatStorage();
      rotateLog();
      say(
        `starting Kafka ${KAFKA_VERSION} on ${HOST}:${BROKER_PORT} (log: ${path.relative(ROOT, LOG_FILE)})`,
      );
      const out = fs.openSync(LOG_FILE, "a");
      const child = spawn("java", [...jvmArgs(), "kafka.Kafka", SERVER_PROPERTIES], {
        cwd: CACHE,
        detached: true,
        stdio: ["ignore", out, out],
      });
      fs.closeSync(out);
      const spawnError = await new Promise((resolve) => {
        child.once("error", resolve);
        child.once("spawn", () => resolve(undefined));
      });
      if (spawnError) throw new Error(`could not start java: ${spawnError.message}`);
      child.unref();
      pid = child.pid;
      fs.writeFileSync(PID_FILE, `${pid}\n`);
    }

    const deadline = Date.now() + START_TIMEOUT_MS;
    while (Date.now() < deadline) {
      if (await brokerAnswers()) {
        say(`broker ready (pid ${pid}, ${elapsed()})`);
        return 0;
      }
      if (!isAlive(pid) || isZombie(pid)) {
        console.error(`[kafka] the broker (pid ${pid}) exited during start-up. Last lines of broker.log:`);
        console.error(tailLog());
        fs.rmSync(PID_FILE, { force: true });
        return 1;
      }
      await sleep(500);
    }
    console.error(
      `[kafka] the broker did not answer within ${START_TIMEOUT_MS / 1000} s. Last lines of broker.log:`,
    );
    console.error(tailLog());
    return 1;
  });
}

async function stop() {
  const pids = new Set(ourBrokerPids());
  const recorded = readPid();
  if (recorded !== undefined && isAlive(recorded)) pids.add(recorded);
  if (pids.size === 0) {
    say("no broker running");
    fs.rmSync(PID_FILE, { force: true });
    return 0;
  }
  for (const pid of pids) {
    say(`stopping broker pid ${pid} (SIGTERM)`);
    try {
      process.kill(pid, "SIGTERM");
    } catch {
      // already gone
    }
  }
  for (const pid of pids) {
    if (!(await waitForExit(pid, STOP_TIMEOUT_MS))) {
      say(`pid ${pid} did not exit within ${STOP_TIMEOUT_MS / 1000} s: SIGKILL`);
      try {
        process.kill(pid, "SIGKILL");
      } catch {
        // already gone
      }
      await waitForExit(pid, 5_000);
    }
  }
  const left = ourBrokerPids();
  for (const pid of left) {
    say(`pid ${pid} still runs kafka.Kafka from ${path.relative(ROOT, CACHE)}: SIGKILL`);
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // already gone
    }
    await waitForExit(pid, 5_000);
  }
  fs.rmSync(PID_FILE, { force: true });
  const survivors = ourBrokerPids();
  if (survivors.length > 0) {
    console.error(`[kafka] could not stop: ${survivors.join(", ")}`);
    return 1;
  }
  say(`stopped (${elapsed()})`);
  return 0;
}

async function status() {
  const pids = ourBrokerPids();
  const answers = await brokerAnswers();
  const fetched = libsComplete()
    ? `Kafka ${KAFKA_VERSION} fetched`
    : `Kafka ${KAFKA_VERSION} not fetched yet`;
  const procs = pids.length > 0 ? `pid ${pids.join(", ")}` : "no broker process from this repo";
  say(`${answers ? "answering" : "not answering"} on ${HOST}:${BROKER_PORT}; ${procs}; ${fetched}`);
  return answers ? 0 : 1;
}

const commands = { start, stop, status };
const command = process.argv[2];
if (!Object.hasOwn(commands, command)) {
  console.error("usage: node scripts/kafka.mjs start|stop|status");
  process.exit(2);
}
try {
  process.exitCode = await commands[command]();
} catch (error) {
  console.error(`[kafka] ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
