// Clock sync (web/client/clock.js): the arrival timeline follows the least-delayed
// snapshots and measures jitter, render time lags it by two snapshot intervals plus that
// jitter, pongs give the server's tick with the lowest-RTT sample winning, and estimates
// slew rather than jump unless they are far off.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { OffsetTracker, ServerClock } from '../client/clock.js';

/** Deterministic pseudo-random numbers in 0 ..< 1. */
function random(seed) {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

test('the tracker follows its window minimum, slewing small changes and jumping large ones', () => {
  const tracker = new OffsetTracker({ windowSize: 4, slewRate: 0.1, jumpMs: 50 });
  tracker.observe(100, 0);
  assert.equal(tracker.current, 100);
  tracker.observe(120, 10);
  assert.equal(tracker.target, 100);
  tracker.observe(90, 20);
  assert.equal(tracker.current, 99, '10 ms at 0.1 ms/ms: one ms towards 90');
  tracker.observe(95, 100);
  assert.equal(tracker.current, 91);
  tracker.observe(95, 200);
  assert.equal(tracker.current, 90);
  tracker.observe(95, 210);
  tracker.observe(95, 220);
  assert.equal(tracker.target, 95, '90 left the window');
  assert.equal(tracker.current, 91);
  tracker.observe(400, 230);
  tracker.observe(400, 240);
  tracker.observe(400, 250);
  tracker.observe(400, 260);
  assert.equal(tracker.current, 400, 'a 300 ms change is a jump');
  assert.equal(tracker.spread(0.5), 0);
});

test('arrivals: render time trails the newest snapshot by two intervals plus the jitter', () => {
  const next = random(7);
  const clock = new ServerClock({ tickRate: 60, snapshotInterval: 2 });
  const latency = 40;
  let arrival = 0;
  for (let tick = 1000; tick < 1600; tick += 2) {
    const jitter = next() * 12;
    arrival = 5_000 + ((tick - 1000) * 1000) / 60 + latency + jitter;
    clock.observeSnapshot(tick, arrival);
  }
  assert.ok(clock.synced);
  assert.ok(clock.jitterMs > 9 && clock.jitterMs <= 12, `jitter ${clock.jitterMs}`);
  // The least-delayed path delivers tick 1598 at about 5000 + 598·16.67 + 40 ms.
  const fastest = 5_000 + (598 * 1000) / 60 + latency;
  assert.ok(Math.abs(clock.arrivalTick(fastest) - 1598) < 0.05, `arrival tick ${clock.arrivalTick(fastest)}`);
  const delay = clock.interpolationDelayTicks;
  const expected = 4 + clock.jitterMs / clock.msPerTick;
  assert.ok(Math.abs(delay - expected) < 0.1, `delay ${delay} ≈ ${expected}`);
  assert.ok(Math.abs(clock.renderTick(fastest) - (1598 - delay)) < 0.05);
  // At render time both surrounding snapshots have arrived, even the most delayed ones.
  const render = clock.renderTick(arrival);
  assert.ok(render + 2 <= 1598, `render ${render}`);
});

test('the interpolation delay adapts to jitter gradually and is capped', () => {
  const clock = new ServerClock({ tickRate: 60, snapshotInterval: 1 });
  let now = 0;
  for (let tick = 0; tick < 200; tick++) {
    now = (tick * 1000) / 60 + 30;
    clock.observeSnapshot(tick, now);
  }
  assert.ok(Math.abs(clock.interpolationDelayTicks - 2) < 1e-9);
  // The network turns bursty: every fourth snapshot is 100 ms late.
  const before = clock.interpolationDelayTicks;
  let previous = { delay: before, at: now };
  for (let tick = 200; tick < 260; tick++) {
    now = (tick * 1000) / 60 + 30 + (tick % 4 === 0 ? 100 : 0);
    clock.observeSnapshot(tick, now);
    const grown = (clock.interpolationDelayTicks - previous.delay) * clock.msPerTick;
    assert.ok(grown <= Math.max(0, now - previous.at) * 0.05 + 1e-9, `slews: ${grown} ms in ${now - previous.at} ms`);
    previous = { delay: clock.interpolationDelayTicks, at: now };
  }
  assert.ok(clock.interpolationDelayTicks > before);
  for (let tick = 260; tick < 2000; tick++) {
    now = (tick * 1000) / 60 + 30 + (tick % 4 === 0 ? 100 : 0);
    clock.observeSnapshot(tick, now);
  }
  assert.ok(Math.abs(clock.interpolationDelayTicks - (2 + 6)) < 0.05, `delay ${clock.interpolationDelayTicks}`);
  for (let tick = 2000; tick < 4000; tick++) clock.observeSnapshot(tick, (tick * 1000) / 60 + (tick % 4 === 0 ? 5000 : 0));
  assert.ok(clock.interpolationDelayTicks <= 30, 'capped at 30 intervals');
});

test('pongs: the lowest round trip gives the server tick; before any, the welcome anchors it', () => {
  const clock = new ServerClock({ tickRate: 50, anchor: { tick: 500, atMs: 1_000 } });
  assert.equal(clock.serverTick(1_100), 505);
  // True server: tick = (t − 200) / 20. Pings with asymmetric delays; one is nearly direct.
  const serverTickAt = (t) => Math.floor((t - 200) / 20);
  const pong = (sent, up, down) => clock.observePong(serverTickAt(sent + up), sent, sent + up + down);
  pong(10_000, 30, 90);
  pong(11_000, 80, 20);
  pong(12_000, 2, 3);
  pong(13_000, 50, 50);
  assert.equal(clock.rttMs, 100);
  const estimate = clock.serverTick(20_000);
  // Off by at most half a tick (the server reports whole ticks) plus half the best RTT.
  assert.ok(Math.abs(estimate - (20_000 - 200) / 20) <= 0.5 + 2.5 / 20, `estimate ${estimate}`);
  assert.ok(clock.smoothedRttMs > 0);
});

test('pongs that disagree a little slew the server clock instead of jumping it', () => {
  const clock = new ServerClock({ tickRate: 50 });
  clock.observePong(500, 10_000, 10_010);
  assert.equal(clock.server.current, 10_005 - 500.5 * 20);
  // 92 ms later a faster pong puts the server 16 ms further ahead: 0.05 ms/ms of it is taken.
  clock.observePong(504, 10_100, 10_102);
  assert.equal(clock.server.target, 10_101 - 504.5 * 20);
  assert.ok(Math.abs(clock.server.current - (-5 + 92 * 0.05)) < 1e-9, `current ${clock.server.current}`);
  // A far larger disagreement (a clock reset, a suspended laptop) is taken at once.
  clock.observePong(2_000, 10_200, 10_201);
  assert.equal(clock.server.current, 10_200.5 - 2_000.5 * 20);
});

// Frames and snapshot arrivals in time order: `arrivals` as [{ tick, at }] (any order), a frame
// every `frameMs` from `fromMs` to `toMs`. Returns every frame's { at, render, newest }.
function simulate(clock, arrivals, { fromMs, toMs, frameMs = 16.4, onFrame = () => {} }) {
  const pending = [...arrivals].sort((a, b) => a.at - b.at || a.tick - b.tick);
  const frames = [];
  let next = 0;
  for (let at = fromMs; at <= toMs; at += frameMs) {
    while (next < pending.length && pending[next].at <= at) {
      clock.observeSnapshot(pending[next].tick, pending[next].at);
      next++;
    }
    if (!clock.synced) continue;
    const frame = { at, render: clock.renderTick(at), newest: clock.newestTick };
    frames.push(frame);
    onFrame(frame);
  }
  return frames;
}

/** The largest and smallest render speed (render ticks per real tick) between frames, and backward steps. */
function speeds(frames, msPerTick) {
  let max = -Infinity;
  let min = Infinity;
  for (let i = 1; i < frames.length; i++) {
    const speed = (frames[i].render - frames[i - 1].render) / ((frames[i].at - frames[i - 1].at) / msPerTick);
    max = Math.max(max, speed);
    min = Math.min(min, speed);
  }
  return { max, min };
}

test('a large initial error converges within a few snapshots, not seconds', () => {
  const next = random(11);
  const clock = new ServerClock({ tickRate: 60 });
  const msPerTick = 1000 / 60;
  // The page is loading: nothing is handled for 300 ms, then the queued snapshots come at
  // once (the first ones 300 ms late) and the rest arrive normally.
  const arrivals = [];
  for (let tick = 0; tick < 600; tick++) {
    arrivals.push({ tick, at: Math.max(1_000 + tick * msPerTick + 30 + next() * 4, 1_300) });
  }
  const frames = simulate(clock, arrivals, { fromMs: 1_000, toMs: 11_000 });
  // Within 20 snapshots (a third of a second) render time trails the newest snapshot by about the delay.
  const settled = frames.filter((frame) => frame.newest >= 20);
  for (const frame of settled) {
    const lag = frame.newest - frame.render;
    assert.ok(lag >= 0 && lag <= clock.interpolationDelayTicks + 2, `lag ${lag} ticks at ${frame.at}`);
  }
  assert.equal(clock.starvedFrames, 0);
});

test('arrivals that turn much later mid-run are followed fast; render time never passes the newest snapshot', () => {
  const next = random(5);
  const clock = new ServerClock({ tickRate: 60 });
  const msPerTick = 1000 / 60;
  // 40 ms of latency, then the machine gets loaded: 150 ms from tick 300 on.
  const latency = (tick) => (tick < 300 ? 40 : 150);
  const arrivals = [];
  for (let tick = 0; tick < 1200; tick++) arrivals.push({ tick, at: tick * msPerTick + latency(tick) + next() * 5 });
  const frames = simulate(clock, arrivals, { fromMs: 0, toMs: 1200 * msPerTick });
  for (const frame of frames) assert.ok(frame.render <= frame.newest, `render ${frame.render} past ${frame.newest}`);
  const { min } = speeds(frames, msPerTick);
  assert.ok(min >= 0, `render time went backwards: ${min}`);
  assert.equal(clock.restarts, 1, 'the stale window minimum was dropped once');
  // The old clock needed the whole 120-snapshot window plus 110 ms at 5 %: over 4 s. Now
  // within 60 snapshots (1 s) of the change render time is back inside the buffer, with room.
  const after = frames.filter((frame) => frame.newest >= 360);
  assert.ok(after.length > 0);
  for (const frame of after) {
    assert.ok(frame.newest - frame.render >= 1, `render ${frame.render} too close to ${frame.newest} at ${frame.at}`);
  }
  const starvedByThen = clock.starvedFrames;
  assert.ok(starvedByThen > 0, 'the frames held at the newest snapshot are counted');
});

test('normal jitter neither starves render time nor makes its speed oscillate', () => {
  const next = random(3);
  const clock = new ServerClock({ tickRate: 60 });
  const msPerTick = 1000 / 60;
  const arrivals = [];
  for (let tick = 0; tick < 1800; tick++) {
    // 40 ms and up to 15 ms of jitter.
    arrivals.push({ tick, at: tick * msPerTick + 40 + next() * 15 });
  }
  const frames = simulate(clock, arrivals, { fromMs: 0, toMs: 1800 * msPerTick });
  const steady = frames.filter((frame) => frame.newest >= 60);
  const { max, min } = speeds(steady, msPerTick);
  // The delay adapts to the jitter at 5 % of real time; snapshots arrive unevenly, so one
  // frame may see a little more of that than another.
  assert.ok(max <= 1.1 && min >= 0.9, `render speed stayed within 10 %: ${min} … ${max}`);
  assert.equal(clock.starvedFrames, 0);
  assert.equal(clock.restarts, 0);
});

test('a burst of late snapshots holds render time at the newest one and grows the delay a little', () => {
  const clock = new ServerClock({ tickRate: 60 });
  const msPerTick = 1000 / 60;
  const arrivals = [];
  // Steady at 30 ms; then twice the page stalls for 150 ms and the held-up snapshots arrive at once.
  const stalls = [[3_000, 3_150], [5_000, 5_150]];
  for (let tick = 0; tick < 480; tick++) {
    let at = tick * msPerTick + 30;
    for (const [from, to] of stalls) if (at >= from && at < to) at = to;
    arrivals.push({ tick, at });
  }
  let delayBefore = null;
  const frames = simulate(clock, arrivals, {
    fromMs: 0,
    toMs: 480 * msPerTick,
    onFrame: (frame) => {
      if (delayBefore === null && frame.at >= 2_900) delayBefore = clock.interpolationDelayTicks;
    },
  });
  for (const frame of frames) assert.ok(frame.render <= frame.newest, `render ${frame.render} past ${frame.newest}`);
  const { max, min } = speeds(frames.filter((frame) => frame.newest >= 20), msPerTick);
  assert.ok(min >= 0, 'never backwards');
  assert.ok(max <= 1.1, `no catch-up jump after the burst (the delay and the timeline slew at 5 % each): ${max}`);
  assert.ok(clock.starvedFrames > 0);
  assert.ok(clock.interpolationDelayTicks > delayBefore, `delay ${clock.interpolationDelayTicks} > ${delayBefore}`);
  assert.ok(clock.interpolationDelayTicks < delayBefore + 10, 'but only a little');
});

test('render time never runs backwards, even when the arrival timeline jumps back (a stall longer than the jump threshold)', () => {
  const clock = new ServerClock({ tickRate: 60 });
  const msPerTick = 1000 / 60;
  // 30 ms of latency; from tick 300 the path is 400 ms slower: more than the arrival
  // timeline's 250 ms jump threshold, so its estimate jumps rather than slews.
  const arrivals = [];
  for (let tick = 0; tick < 900; tick++) arrivals.push({ tick, at: tick * msPerTick + (tick < 300 ? 30 : 430) });
  const frames = simulate(clock, arrivals, { fromMs: 0, toMs: 900 * msPerTick + 430 });
  const { min } = speeds(frames, msPerTick);
  assert.ok(min >= 0, `render time went backwards: speed ${min}`);
  assert.ok(clock.heldBackFrames > 0, 'the frames held instead of going back are counted');
  // It catches up: by the end render time trails the newest snapshot by about the delay again.
  const last = frames[frames.length - 1];
  assert.ok(last.newest - last.render <= clock.interpolationDelayTicks + 2, `render ${last.render}, newest ${last.newest}`);
});
