// One replay viewer's session, without any DOM: the WebSocket to /replay?file=NAME, the
// server's ordinary game messages applied to the same world (client/world.js), clock and
// interpolator the game page uses, and the replay's own status. The server re-simulates the
// match and sends a fresh welcome after every seek, follow, speed change and resume, so each
// welcome starts the world and the clock over, exactly as after a reconnect in the game.
//
// After a dropped connection the transport reconnects; the session then asks for the tick,
// speed, player and pause state it had, so the viewer continues where they were.
//
// With `live: true` the same session watches a running room through /spectate (the page's
// `?live=ROOM`): the server sends the same messages, a welcome whenever the followed player
// changes; there is no timeline to seek in, and a reconnect asks only for the same player or
// free-camera point again.

import { MessageType, decodeMessage, encodeReplayControl } from '../wire/messages.js';
import { TransportState } from '../net/transport.js';
import { closeMessage } from '../net/closeReasons.js';
import { ClientWorld } from '../client/world.js';
import { ServerClock } from '../client/clock.js';
import { Scoreboard } from '../client/scoreboard.js';
import { ChatLog } from '../client/chatBox.js';
import { DEFAULT_QUARTERS } from './speeds.js';

const MAX_ERRORS = 50;

export class ReplaySession {
  /**
   * @param {object} options
   * @param {import('../net/transport.js').Transport} options.transport to /replay?file=NAME
   * @param {object} options.game the game's client description (games/arena/index.js)
   * @param {() => number} options.now ms clock
   */
  constructor({ transport, game, now = () => performance.now(), live = false }) {
    this.transport = transport;
    this.live = live;
    /** The free camera's point ({ x, y }, raw world units) while following nobody; else null. */
    this.cameraPoint = null;
    this.game = game;
    this.now = now;
    this.world = new ClientWorld(game);
    this.scoreboard = new Scoreboard();
    this.welcome = null;
    this.clock = null;
    /** The server's latest replayStatus (without its timeline), or null. */
    this.status = null;
    /** The latest timeline: { tickRate, keyframeTicks, players }, or null. */
    this.timeline = null;
    this.welcomes = 0;
    this.snapshots = 0;
    /** Recent kills as { killer, victim } names, newest last. */
    this.feed = [];
    /**
     * The recorded match's chat as far as the replay has played (read-only). Emptied at the
     * welcome after a seek, so that it never holds lines from ahead of the position nor,
     * played again, the same line twice.
     */
    this.chat = new ChatLog();
    /** A seek was asked for and its welcome has not come yet. */
    this.seekPending = false;
    this.errors = [];
    this.errorCount = 0;
    /** What to ask for again after a reconnect; null before the first status. */
    this.resumeWith = null;
    this.onChange = () => {};
    /** (welcome) after every welcome; (status) after every status. For scripts and the page. */
    this.onWelcome = () => {};
    this.onStatus = () => {};
    this.handlers = new Map([
      [MessageType.welcome, (bytes) => this.#welcomed(decodeMessage(bytes, 'welcome').value)],
      [MessageType.snapshot, (bytes) => this.#snapshot(bytes)],
      [MessageType.events, (bytes) => this.#events(decodeMessage(bytes, 'events').value)],
      [MessageType.replayStatus, (bytes) => this.#statusReceived(decodeMessage(bytes, 'replayStatus').value)],
    ]);
    transport.onOpen = () => this.#opened();
    transport.onMessage = (bytes) => this.#dispatch(bytes);
    transport.onClose = () => this.onChange();
    transport.onStateChange = () => this.onChange();
  }

  start() {
    this.transport.connect();
  }

  stop() {
    this.transport.close();
  }

  get connected() {
    return this.transport.state === TransportState.open;
  }

  /** A sentence for the status line: '' while watching, else why not. */
  statusText() {
    const transport = this.transport;
    switch (transport.state) {
      case TransportState.open:
        if (this.welcome) return '';
        return this.live ? 'Waiting for the match (a broadcast delay fills first)…' : 'Opening the recording…';
      case TransportState.closed:
      case TransportState.reconnecting: {
        const why = transport.lastClose ? closeMessage(transport.lastClose) : 'Disconnected.';
        return transport.state === TransportState.reconnecting ? `${why} Reconnecting…` : why;
      }
      default:
        return 'Connecting…';
    }
  }

  // MARK: Controls (each one message; the server answers with a status, and a welcome where the view restarts)

  play() { this.#send({ action: 'play' }); }

  pause() { this.#send({ action: 'pause' }); }

  /** quarters: 1…32 (0.25×…8×). */
  setSpeed(quarters) { this.#send({ action: 'speed', quarters }); }

  seek(tick) {
    this.seekPending = true;
    this.#send({ action: 'seek', tick: Math.max(0, Math.floor(tick)) >>> 0 });
  }

  follow(player) {
    if (player !== 0) this.cameraPoint = null;
    this.#send({ action: 'follow', player });
  }

  /** Follow nobody and look at (x, y), raw world units: the free camera. */
  camera(x, y) {
    this.cameraPoint = { x: Math.round(x), y: Math.round(y) };
    this.#send({ action: 'camera', x: this.cameraPoint.x, y: this.cameraPoint.y });
  }

  /**
   * What to draw at nowMs: { own, remote, renderTick }, every entity interpolated at render
   * time; `own` is the followed player's entity (the camera follows it). Null before the
   * first snapshot.
   */
  view(nowMs) {
    if (this.welcome === null || this.clock === null || !this.clock.synced) return null;
    const renderTick = this.clock.renderTick(nowMs);
    const entities = this.world.interpolator.sample(renderTick);
    const ownID = this.welcome.entityID;
    const own = ownID === 0 ? null : entities.find((entity) => entity.id === ownID) ?? null;
    const remote = own ? entities.filter((entity) => entity !== own) : entities;
    return { own, remote, renderTick };
  }

  /** The tick on screen: render time while playing, the server's tick otherwise. */
  shownTick(nowMs) {
    if (this.status === null) return 0;
    if (this.clock === null || !this.clock.synced) return this.status.tick;
    return Math.min(this.status.endTick, Math.max(0, this.clock.renderTick(nowMs)));
  }

  stats() {
    return {
      welcomes: this.welcomes,
      snapshots: this.snapshots,
      hashesChecked: this.world.hashesChecked,
      hashMismatches: this.world.hashMismatches,
      errors: this.errorCount,
    };
  }

  #send(control) {
    if (this.resumeWith) {
      if (control.action === 'play' || control.action === 'pause') this.resumeWith.paused = control.action === 'pause';
      if (control.action === 'speed') this.resumeWith.quarters = control.quarters;
      if (control.action === 'seek') this.resumeWith.tick = control.tick;
      if (control.action === 'follow') this.resumeWith.followed = control.player;
    }
    this.transport.send(encodeReplayControl(control));
  }

  #opened() {
    this.welcome = null;
    this.clock = null;
    const resume = this.resumeWith;
    // A new connection starts the replay at tick 0 (and seeks on from there): its chat starts over.
    this.seekPending = true;
    if (this.live) {
      // A live room has no position to return to: only what was looked at.
      if (this.cameraPoint) this.transport.send(encodeReplayControl({ action: 'camera', ...this.cameraPoint }));
      else if (resume && resume.followed !== 0) this.transport.send(encodeReplayControl({ action: 'follow', player: resume.followed }));
    } else if (resume) {
      // A reconnect: the server starts every replay at tick 0, 1×, playing.
      if (resume.quarters !== DEFAULT_QUARTERS) this.transport.send(encodeReplayControl({ action: 'speed', quarters: resume.quarters }));
      if (resume.followed !== 0) this.transport.send(encodeReplayControl({ action: 'follow', player: resume.followed }));
      if (resume.tick > 0) this.transport.send(encodeReplayControl({ action: 'seek', tick: resume.tick }));
      if (resume.paused) this.transport.send(encodeReplayControl({ action: 'pause' }));
    }
    this.onChange();
  }

  #dispatch(bytes) {
    const handler = this.handlers.get(bytes[0]);
    try {
      if (!handler) throw new Error(`unexpected message type 0x${(bytes[0] ?? 0).toString(16)}`);
      handler(bytes);
    } catch (error) {
      this.#record(`${error.name ?? 'Error'}: ${error.message}`);
      // The world cannot be trusted any more: start over from a fresh connection and welcome.
      this.transport.abort({ text: `the page lost track of the replay (${error.kind ?? error.message})`, retry: true });
    }
  }

  #welcomed(welcome) {
    this.welcome = welcome;
    this.welcomes++;
    this.world.applyWelcome(welcome);
    this.clock = new ServerClock({
      tickRate: welcome.tickRate,
      snapshotInterval: welcome.snapshotInterval,
      anchor: { tick: welcome.currentTick, atMs: this.now() },
    });
    this.scoreboard.clear();
    // A welcome also follows a speed change, a follow or a resume: those keep the chat. One
    // that went back (Play at the end starts over) drops what is now ahead of it.
    if (this.seekPending) this.chat.clear();
    else this.chat.rewind(welcome.currentTick);
    this.seekPending = false;
    this.transport.markHealthy();
    this.onWelcome(welcome);
    this.onChange();
  }

  #snapshot(bytes) {
    if (this.welcome === null) throw new Error('snapshot before welcome');
    const result = this.world.applySnapshot(bytes);
    this.snapshots++;
    this.clock.observeSnapshot(result.timelineTick, this.now());
    if (result.hashMatched === false) this.#record(`view hash mismatch at tick ${result.tick}`);
    const playerKind = this.world.kindIndex(this.game.playerKindName);
    for (const entity of this.world.entities) {
      if (entity.kind === playerKind) this.scoreboard.updateScore(this.world.value(entity, 'player'), this.world.value(entity, 'score'));
    }
  }

  #events(message) {
    this.scoreboard.applyEvents(message.events, this.feed, (line) => this.chat.add({ ...line, tick: message.tick }));
  }

  #statusReceived(status) {
    const { timeline, ...rest } = status;
    if (timeline) this.timeline = timeline;
    this.status = rest;
    this.resumeWith = { tick: rest.tick, quarters: rest.quarters, followed: rest.followed, paused: rest.paused };
    this.onStatus(rest);
    this.onChange();
  }

  #record(message) {
    this.errorCount++;
    this.errors.push(message);
    if (this.errors.length > MAX_ERRORS) this.errors.shift();
  }
}
