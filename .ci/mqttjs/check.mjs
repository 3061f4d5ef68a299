// MQTT.js against a running envmon: topic aliases (MQTT 5), persistent sessions (MQTT 5 and 3.1.1),
// MQTT over WebSocket. Usage: node check.mjs MQTT_PORT WS_PORT. Exits non-zero on the first failure;
// the caller then checks that every acknowledged message is stored.
import mqtt from 'mqtt';

const [mqttPort, wsPort] = process.argv.slice(2);
const tcp = `mqtt://127.0.0.1:${mqttPort}`;
const ws = `ws://127.0.0.1:${wsPort}/mqtt`;

function payload(i) {
  const ts = new Date(Date.now() - 60_000 - i * 1000).toISOString();
  return JSON.stringify({ ts, values: { ph: 7 + i / 100 } });
}

function check(condition, what) {
  if (!condition) {
    throw new Error(`failed: ${what}`);
  }
  console.log(`ok: ${what}`);
}

async function publishAll(client, station, count) {
  for (let i = 0; i < count; i++) {
    await client.publishAsync(`stations/${station}/readings`, payload(i), { qos: 1 });
  }
}

async function sessionPresent(url, options) {
  const client = mqtt.connect(url, { ...options, reconnectPeriod: 0 });
  const present = await new Promise((resolve, reject) => {
    client.once('connect', (connack) => resolve(connack.sessionPresent));
    client.once('error', reject);
  });
  await client.endAsync();
  return present;
}

// Topic aliases: MQTT.js assigns them itself when the server offers some.
const aliases = await mqtt.connectAsync(tcp, {
  protocolVersion: 5,
  clientId: 'mqttjs-alias',
  autoAssignTopicAlias: true,
  reconnectPeriod: 0,
});
await publishAll(aliases, 'MJS1', 10);
await aliases.endAsync();
check(true, 'MQTT 5 with topic aliases: 10 QoS 1 messages acknowledged');

// Persistent sessions.
const v5 = { protocolVersion: 5, clientId: 'mqttjs-session-5', clean: false, properties: { sessionExpiryInterval: 600 } };
check((await sessionPresent(tcp, v5)) === false, 'MQTT 5 first connection: session present = 0');
check((await sessionPresent(tcp, v5)) === true, 'MQTT 5 reconnection with Clean Start 0: session present = 1');
const v311 = { protocolVersion: 4, clientId: 'mqttjs-session-311', clean: false };
check((await sessionPresent(tcp, v311)) === false, 'MQTT 3.1.1 first connection: session present = 0');
check((await sessionPresent(tcp, v311)) === true, 'MQTT 3.1.1 reconnection with clean session 0: session present = 1');

// WebSocket.
const overWs = await mqtt.connectAsync(ws, { protocolVersion: 4, clientId: 'mqttjs-ws', reconnectPeriod: 0 });
await publishAll(overWs, 'MJS2', 5);
await overWs.endAsync();
check(true, 'MQTT over WebSocket: 5 QoS 1 messages acknowledged');
const overWs5 = await mqtt.connectAsync(ws, { protocolVersion: 5, clientId: 'mqttjs-ws5', reconnectPeriod: 0 });
await publishAll(overWs5, 'MJS3', 5);
await overWs5.endAsync();
check(true, 'MQTT 5 over WebSocket: 5 QoS 1 messages acknowledged');
