// The heads-up display, in the DOM over the canvas: network figures (toggled with H or F3
// or the HUD button), the scoreboard and the kill feed. Player names come from other
// players, so they are only ever set as text, never as markup.

import { ScoreTable } from './scoreTable.js';

/** The network panel's rows: [label, text, warn] from GameSession.stats(). */
export function formatStats(stats) {
  const ms = (value) => (value === null || value === undefined ? '–' : `${Math.round(value)} ms`);
  const kB = (bytesPerSecond) => `${(bytesPerSecond / 1000).toFixed(1)} kB/s`;
  return [
    ['Connection', stats.state, stats.state !== 'playing'],
    ['Transport', stats.carrier ?? '–', stats.carrier !== undefined && stats.carrier !== 'WebSocket'],
    ['RTT', ms(stats.rttMs), false],
    ['Server tick', stats.serverTick ?? '–', false],
    ['Snapshot tick', stats.snapshotTick ?? '–', false],
    ['Snapshot size', `${stats.snapshotBytes} B`, false],
    ['Down', kB(stats.downBytesPerSecond), false],
    ['Up', kB(stats.upBytesPerSecond), false],
    ['Entities in view', stats.entities, false],
    ['Interp. delay', ms(stats.interpolationDelayMs), false],
    ['Jitter', ms(stats.jitterMs), false],
    // Frames whose render time reached the newest snapshot (held there by the clock).
    ['Starved frames', stats.starvedFrames ?? '–', false],
    // How often, and by how far at most (world units), the server disagreed with the prediction.
    ['Corrections', stats.corrections > 0 ? `${stats.corrections} (≤ ${(stats.largestCorrection ?? 0).toFixed(1)} u)` : 0, false],
    ['Hashes checked', stats.hashesChecked, false],
    ['Hash mismatches', stats.hashMismatches, stats.hashMismatches > 0],
    // Older inputs dropped for a newer one while the socket was congested (newest input wins).
    ['Inputs replaced', stats.inputsReplaced ?? 0, false],
    ['Errors', stats.errors, stats.errors > 0],
    ['Socket errors', stats.socketErrors ?? 0, (stats.socketErrors ?? 0) > 0],
    ['Last error', stats.lastError ?? '–', stats.lastError !== null && stats.lastError !== undefined],
  ];
}

export class Hud {
  /**
   * @param {object} elements { panel, list (dl), button, board (the scoreboard), scores (its tbody), feed (ol) }
   * @param {Storage|null} storage remembers whether the panel was open
   * @param {string} storageKey under which (the page passes `<game id>.hud`)
   */
  constructor({ panel, list, button, board, scores, feed }, storage = null, storageKey = 'hud', scoreColumns = undefined) {
    this.panel = panel;
    this.list = list;
    this.button = button;
    this.scoreTable = new ScoreTable(board, scores, 8, scoreColumns);
    this.feed = feed;
    this.storage = storage;
    this.storageKey = storageKey;
    this.rows = [];
    this.setVisible(storage?.getItem(storageKey) === '1');
    button.addEventListener('click', () => {
      this.toggle();
      // Keep the keyboard on the game: a focused button would take the space bar.
      button.blur();
    });
  }

  toggle() {
    this.setVisible(this.panel.hidden);
  }

  setVisible(visible) {
    this.panel.hidden = !visible;
    this.button.setAttribute('aria-pressed', String(visible));
    this.storage?.setItem(this.storageKey, visible ? '1' : '0');
  }

  /** Refreshes the network panel (if shown), the scoreboard and the feed. */
  update(stats, scoreRows, ownPlayer, feed) {
    if (!this.panel.hidden) this.#updateStats(formatStats(stats));
    // A hash mismatch or a protocol error is flagged even while the panel is closed.
    const alarm = stats.hashMismatches > 0 || stats.errors > 0;
    this.button.classList.toggle('alarm', alarm);
    this.button.title = alarm
      ? `${stats.hashMismatches} hash mismatch(es), ${stats.errors} error(s): open the HUD (H or F3)`
      : 'Network statistics (H or F3)';
    this.scoreTable.update(scoreRows, ownPlayer);
    this.#updateFeed(feed);
  }

  #updateStats(rows) {
    if (this.rows.length !== rows.length) {
      this.list.replaceChildren();
      this.rows = rows.map(([label]) => {
        const term = document.createElement('dt');
        term.textContent = label;
        const value = document.createElement('dd');
        this.list.append(term, value);
        return value;
      });
    }
    rows.forEach(([, text, warn], index) => {
      const cell = this.rows[index];
      const value = String(text);
      if (cell.textContent !== value) cell.textContent = value;
      cell.classList.toggle('warn', warn);
    });
  }

  #updateFeed(feed) {
    const signature = JSON.stringify(feed);
    if (signature === this.feedSignature) return;
    this.feedSignature = signature;
    this.feed.replaceChildren(...feed.map(({ killer, victim }) => {
      const li = document.createElement('li');
      li.textContent = killer === null ? `${victim} was rammed` : `${killer} ✦ ${victim}`;
      return li;
    }));
  }
}
