// One player's game session, without any DOM: says hello when the transport opens, then
// dispatches every server message on its first byte (welcome, snapshot, pong, events), keeps
// the world (world.js), the clock (clock.js), the prediction of the player's own entity
// (predictor.js), the scoreboard and the chat lines (chatBox.js), and sends inputs at the
// server's tick rate, each input message repeating the last few inputs so that a late frame
// costs nothing, and chat when asked. main.js drives it with `update(now, intent)` from a
// timer and draws `view(now)` every frame.

import { MessageType, MAX_INPUTS, decodeMessage, encodeChat, encodeHello, encodeInput, encodePing, encodeProbeReply, inputRange } from '../wire/messages.js';
import { TransportState } from '../net/transport.js';
import { closeMessage } from '../net/closeReasons.js';
import { ClientWorld } from './world.js';
import { ServerClock } from './clock.js';
import { Predictor } from './predictor.js';
import { Scoreboard } from './scoreboard.js';
import { RateMeter } from './rateMeter.js';
import { ChatLog } from './chatBox.js';

export const SessionState = Object.freeze({
  connecting: 'connecting',
  playing: 'playing',
  reconnecting: 'reconnecting',
  closed: 'closed',
});

/** Inputs per input message: the newest and the two before it. */
export const INPUT_REDUNDANCY = 3;
export const PING_INTERVAL_MS = 1000;
const MAX_ERRORS = 50;
const RATE_SAMPLE_MS = 250;

export class GameSession {
  /**
   * @param {object} options
   * @param {import('../net/transport.js').Transport} options.transport
   * @param {object} options.game the game's client description (games/arena/index.js)
   * @param {string} options.name the player's name, sent in the hello
   * @param {() => number} options.now ms clock
   */
  constructor({ transport, game, name, now = () => performance.now() }) {
    this.transport = transport;
    this.game = game;
    this.name = name;
    this.now = now;
    this.world = new ClientWorld(game);
    this.predictor = new Predictor({ step: game.step });
    this.scoreboard = new Scoreboard();
    this.down = new RateMeter();
    this.up = new RateMeter();
    this.welcome = null;
    this.clock = null;
    /** The tick others were last drawn at (`view`), which inputs report; null before the first frame. */
    this.viewedTick = null;
    this.resumeToken = null;
    /** Protocol trouble seen (decode errors, snapshots that did not fit), newest last. */
    this.errors = [];
    this.errorCount = 0;
    /** Recent kills as { killer, victim } names, newest last. */
    this.feed = [];
    /** Chat lines as the server relayed them (our own included), kept across reconnects. */
    this.chat = new ChatLog();
    this.onStateChange = () => {};
    this.handlers = new Map([
      [MessageType.welcome, (bytes) => this.#welcomed(decodeMessage(bytes, 'welcome').value)],
      [MessageType.snapshot, (bytes) => this.#snapshot(bytes)],
      [MessageType.pong, (bytes) => this.#pong(decodeMessage(bytes, 'pong').value)],
      [MessageType.events, (bytes) => this.#events(decodeMessage(bytes, 'events').value)],
      // The server measuring the round trip (protocol 3): answered at once, before anything
      // else this frame does, so the reply's delay is the network's and not the renderer's.
      [MessageType.probe, (bytes) => this.transport.send(encodeProbeReply(decodeMessage(bytes, 'probe').value.token))],
    ]);
    this.#resetInputs();
    transport.onOpen = () => this.#opened();
    transport.onMessage = (bytes) => this.#dispatch(bytes);
    transport.onClose = () => this.#changed();
    transport.onStateChange = () => this.#changed();
  }

  start() {
    this.transport.connect();
  }

  /** Leaves the game for good. */
  stop() {
    this.transport.close();
  }

  get state() {
    switch (this.transport.state) {
      case TransportState.open:
        return this.welcome === null ? SessionState.connecting : SessionState.playing;
      case TransportState.reconnecting:
        return SessionState.reconnecting;
      case TransportState.closed:
        return SessionState.closed;
      default:
        return this.transport.lastClose === null ? SessionState.connecting : SessionState.reconnecting;
    }
  }

  get playing() {
    return this.state === SessionState.playing;
  }

  /** A sentence describing the connection for the status banner ('' while playing). */
  statusText(nowMs = this.now()) {
    const transport = this.transport;
    const why = transport.lastDrop ?? transport.lastClose;
    const reason = why ? closeMessage(why) : 'Disconnected.';
    switch (this.state) {
      case SessionState.playing:
        return '';
      case SessionState.reconnecting: {
        const attempt = transport.failedAttempts > 0 ? ` (attempt ${transport.failedAttempts + 1})` : '';
        if (transport.state !== TransportState.reconnecting) return `${reason} Reconnecting…${attempt}`;
        const seconds = Math.max(0, Math.ceil((transport.retryAt - nowMs) / 1000));
        return `${reason} Reconnecting in ${seconds} s…${attempt}`;
      }
      case SessionState.closed:
        return transport.lastClose ? closeMessage(transport.lastClose) : 'Disconnected.';
      default:
        return transport.state === TransportState.open ? 'Joining…' : 'Connecting…';
    }
  }

  /** The player's own entity as the server last reported it, or undefined. */
  get ownEntity() {
    return this.welcome ? this.world.entity(this.welcome.entityID) : undefined;
  }

  /**
   * Called often (every few ms): sends the inputs that are due at the tick rate, built from
   * `intent` ({ moveX, moveY, fire, aim }: moves −1…1, aim a 16-bit binary angle), and a ping
   * every second.
   */
  update(nowMs, intent) {
    if (nowMs - this.lastRateSample >= RATE_SAMPLE_MS) {
      this.down.sample(this.transport.bytesReceived, nowMs);
      this.up.sample(this.transport.bytesSent, nowMs);
      this.lastRateSample = nowMs;
    }
    if (!this.playing) return;
    // An input held behind a congested socket goes out as soon as there is room (transport.js).
    this.transport.flushHeld();
    if (nowMs - this.lastPingAt >= PING_INTERVAL_MS) this.ping(nowMs);
    const msPerTick = this.clock.msPerTick;
    if (nowMs - this.nextInputAt > MAX_INPUTS * msPerTick) this.nextInputAt = nowMs;
    let made = 0;
    while (nowMs >= this.nextInputAt && made < MAX_INPUTS) {
      this.#makeInput(intent, nowMs);
      this.nextInputAt += msPerTick;
      made++;
    }
    if (made === 0) return;
    this.lastInputAt = nowMs;
    const count = Math.min(this.recentInputs.length, Math.max(INPUT_REDUNDANCY, made));
    // Newest wins: behind a full buffer this replaces an input not sent yet.
    this.transport.sendLatest(encodeInput(this.recentInputs.slice(-count), this.welcome.game.inputs));
  }

  /**
   * Sends a line of chat (encodeChat cuts it to MAX_CHAT_BYTES) on the transport, WebSocket
   * or long-polling alike; false when not playing. It shows once the server relays it back.
   */
  sendChat(text) {
    if (!this.playing) return false;
    return this.transport.send(encodeChat(text));
  }

  ping(nowMs = this.now()) {
    this.lastPingAt = nowMs;
    this.transport.send(encodePing(Math.floor(nowMs)));
  }

  /**
   * What to draw at nowMs: { own, remote, renderTick }. `remote` holds the other entities
   * interpolated at render time; `own` is the player's entity at its predicted position
   * with the local aim. Null before the first snapshot.
   */
  view(nowMs) {
    if (this.welcome === null || this.clock === null || !this.clock.synced) return null;
    const renderTick = this.clock.renderTick(nowMs);
    // What the player sees others at: the tick each input reports, so the server judges a
    // shot against this world (lag compensation), not the newer one it holds.
    this.viewedTick = renderTick;
    const ownID = this.welcome.entityID;
    const remote = this.world.interpolator.sample(renderTick, ownID);
    this.predictor.decay(nowMs - (this.lastViewAt ?? nowMs));
    this.lastViewAt = nowMs;
    const entity = this.ownEntity;
    let own = null;
    if (entity) {
      const values = entity.values.slice();
      const alpha = (nowMs - this.lastInputAt) / this.clock.msPerTick;
      const position = this.playing ? this.predictor.displayPosition(alpha) : null;
      if (position) [values[0], values[1]] = [position.x, position.y];
      const aimField = this.world.fieldIndex(entity.kind, this.game.aimFieldName);
      if (this.playing && aimField >= 0 && this.game.canMove(this.world, entity)) {
        values[aimField] = this.game.aimValue(this.lastAim);
      }
      own = { id: entity.id, kind: entity.kind, values };
    }
    return { own, remote, renderTick };
  }

  /** Figures for the HUD. */
  stats(nowMs = this.now()) {
    const clock = this.clock;
    return {
      state: this.state,
      rttMs: clock?.rttMs ?? null,
      serverTick: this.playing && clock.server.current !== null ? Math.floor(clock.serverTick(nowMs)) : null,
      snapshotTick: this.world.rawTick,
      snapshotBytes: this.world.lastSnapshotBytes,
      snapshots: this.world.snapshotsApplied,
      downBytesPerSecond: this.down.perSecond,
      upBytesPerSecond: this.up.perSecond,
      entities: this.world.entities.length,
      corrections: this.predictor.corrections,
      largestCorrection: this.predictor.largestCorrection / (this.game.unitsPerWorldUnit ?? 1),
      pendingInputs: this.predictor.pending.length,
      hashesChecked: this.world.hashesChecked,
      hashMismatches: this.world.hashMismatches,
      // Only while playing: the clock's figures would climb on a disconnected page.
      interpolationDelayMs: this.playing && clock ? clock.interpolationDelayTicks * clock.msPerTick : null,
      jitterMs: this.playing ? clock?.jitterMs ?? null : null,
      errors: this.errorCount,
      carrier: this.transport.carrier,
      inputsReplaced: this.transport.inputsReplaced ?? 0,
      socketErrors: this.transport.errorCount ?? 0,
      lastError: this.transport.lastError?.text ?? null,
    };
  }

  #resetInputs() {
    this.nextSequence = 1;
    this.recentInputs = [];
    this.nextInputAt = 0;
    this.lastInputAt = 0;
    this.lastPingAt = -Infinity;
    this.lastRateSample = -Infinity;
    this.lastAim = 0;
    this.lastViewAt = null;
  }

  #opened() {
    this.welcome = null;
    this.clock = null;
    this.viewedTick = null;
    this.#resetInputs();
    this.predictor.reset();
    this.transport.send(encodeHello({ name: this.name, resumeToken: this.resumeToken }));
    this.#changed();
  }

  #dispatch(bytes) {
    const handler = this.handlers.get(bytes[0]);
    try {
      if (!handler) throw new Error(`unexpected message type 0x${(bytes[0] ?? 0).toString(16)}`);
      handler(bytes);
    } catch (error) {
      this.#fail(error);
    }
  }

  #welcomed(welcome) {
    const now = this.now();
    this.welcome = welcome;
    this.resumeToken = welcome.resumeToken;
    this.world.applyWelcome(welcome);
    this.clock = new ServerClock({
      tickRate: welcome.tickRate,
      snapshotInterval: welcome.snapshotInterval,
      anchor: { tick: welcome.currentTick, atMs: now },
    });
    this.scoreboard.clear();
    this.feed = [];
    this.nextInputAt = now;
    this.transport.markHealthy();
    this.ping(now);
    this.#changed();
  }

  #snapshot(bytes) {
    if (this.welcome === null) throw new Error('snapshot before welcome');
    const arrival = this.now();
    const result = this.world.applySnapshot(bytes);
    this.clock.observeSnapshot(result.timelineTick, arrival);
    if (result.hashMatched === false) this.#record(`view hash mismatch at tick ${result.tick}`);
    const own = this.ownEntity;
    if (own) {
      this.predictor.reconcile(this.#fieldsByName(own), result.lastInputSequence, this.game.canMove(this.world, own));
    }
    const playerKind = this.world.kindIndex(this.game.playerKindName);
    for (const entity of this.world.entities) {
      if (entity.kind !== playerKind) continue;
      this.scoreboard.updateScore(this.world.value(entity, 'player'), this.world.value(entity, 'score'));
    }
  }

  #pong(pong) {
    if (this.clock === null) return;
    const now = this.now();
    const rtt = (Math.floor(now) - pong.clientTime) >>> 0;
    this.clock.observePong(this.world.timelineTick(pong.serverTick), now - rtt, now);
  }

  #events(message) {
    const own = this.welcome?.playerID;
    this.scoreboard.applyEvents(message.events, this.feed,
      (line) => this.chat.add({ ...line, tick: message.tick, own: line.player === own }));
  }

  /**
   * The next input: the game turns the intent into its input fields (`game.input`), each
   * quantized as the wire will deliver it, so the prediction runs on what the server applies.
   */
  /** An entity's values by its kind's field names (what a game's `step` reads). */
  #fieldsByName(entity) {
    const state = {};
    const fields = this.welcome.game.kinds[entity.kind].fields;
    for (let f = 0; f < fields.length; f++) state[fields[f].name] = entity.values[f];
    return state;
  }

  #makeInput(intent, nowMs) {
    const fields = this.game.input(intent);
    const input = {
      sequence: this.nextSequence,
      tick: Math.max(0, Math.round(this.viewedTick ?? this.clock.serverTick(nowMs))) >>> 0,
    };
    for (const field of this.welcome.game.inputs) input[field.name] = inputRange(field).quantize(fields[field.name] ?? 0);
    this.nextSequence = (this.nextSequence + 1) >>> 0;
    this.lastAim = intent.aim & 0xffff;
    this.recentInputs.push(input);
    if (this.recentInputs.length > MAX_INPUTS) this.recentInputs.shift();
    this.predictor.addInput(input);
  }

  /** A message we cannot use: recorded, and the connection restarted from a full snapshot. */
  #fail(error) {
    this.#record(`${error.name ?? 'Error'}: ${error.message}`);
    this.transport.abort({ text: `the client lost track of the game (${error.kind ?? error.message})`, retry: true });
  }

  #record(message) {
    this.errorCount++;
    this.errors.push(message);
    if (this.errors.length > MAX_ERRORS) this.errors.shift();
  }

  #changed() {
    this.onStateChange(this.state);
  }
}
