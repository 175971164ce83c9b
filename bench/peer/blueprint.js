// The peer: what the AWS console's "CloudWatch Logs to OpenSearch" blueprint documents doing,
// written plainly in Node.js (no dependencies): gunzip the subscription payload, JSON.parse it,
// one source per log event (the JSON found in the message, if any, plus @id, @timestamp,
// @message, @owner, @log_group, @log_stream), a daily cwl-YYYY.MM.DD index, one _bulk POST.
// It sends no _type (OpenSearch 2.x rejects it), so the sink accepts what it sends.
//
// usage: node blueprint.js PAYLOADS.json SINK_URL serve
//   PAYLOADS.json: a JSON list of base64 payloads (awslogs.data)
//   one round over the payloads per line read on stdin, answering each with one JSON line
//   {"cpu_ms": CPU of that round, "documents": N}: the caller interleaves its own rounds, so
//   both see the same machine load.
"use strict";
const fs = require("fs");
const http = require("http");
const zlib = require("zlib");

function jsonIn(message) {
  const start = message.indexOf("{");
  if (start < 0) return {};
  try {
    const parsed = JSON.parse(message.substring(start));
    return parsed !== null && typeof parsed === "object" ? parsed : {};
  } catch (error) {
    return {};
  }
}

function two(n) {
  return n < 10 ? "0" + n : String(n);
}

function bulkBody(batch) {
  let body = "";
  for (const event of batch.logEvents) {
    const at = new Date(Number(event.timestamp));
    const index = `cwl-${at.getUTCFullYear()}.${two(at.getUTCMonth() + 1)}.${two(at.getUTCDate())}`;
    const source = jsonIn(event.message);
    source["@id"] = event.id;
    source["@timestamp"] = at.toISOString();
    source["@message"] = event.message;
    source["@owner"] = batch.owner;
    source["@log_group"] = batch.logGroup;
    source["@log_stream"] = batch.logStream;
    body += JSON.stringify({ index: { _index: index, _id: event.id } }) + "\n";
    body += JSON.stringify(source) + "\n";
  }
  return body;
}

const agent = new http.Agent({ keepAlive: true });

function post(url, body) {
  return new Promise((resolve, reject) => {
    const request = http.request(
      url + "/_bulk",
      { method: "POST", agent, headers: { "content-type": "application/x-ndjson" } },
      (response) => {
        const chunks = [];
        response.on("data", (chunk) => chunks.push(chunk));
        response.on("end", () => {
          const answer = JSON.parse(Buffer.concat(chunks).toString("utf8"));
          if (answer.errors) reject(new Error("bulk errors"));
          else resolve(answer.items.length);
        });
      },
    );
    request.on("error", reject);
    request.end(body);
  });
}

async function handle(data, url) {
  const batch = JSON.parse(zlib.gunzipSync(Buffer.from(data, "base64")).toString("utf8"));
  if (batch.messageType === "CONTROL_MESSAGE") return 0;
  return post(url, bulkBody(batch));
}

async function round(payloads, url) {
  const before = process.cpuUsage();
  let documents = 0;
  for (const data of payloads) documents += await handle(data, url);
  const used = process.cpuUsage(before);
  return { cpu_ms: (used.user + used.system) / 1000, documents };
}

async function serve(payloads, url) {
  const lines = require("readline").createInterface({ input: process.stdin });
  for await (const _ of lines) console.log(JSON.stringify(await round(payloads, url)));
  agent.destroy();
}

async function main() {
  const [payloadFile, url, mode] = process.argv.slice(2);
  if (mode !== "serve") throw new Error("usage: node blueprint.js PAYLOADS.json SINK_URL serve");
  return serve(JSON.parse(fs.readFileSync(payloadFile, "utf8")), url);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
