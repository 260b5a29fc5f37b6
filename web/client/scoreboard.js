// Who is playing and how well: names from `joined`/`left` events (also the names chat lines
// are shown with), kills from `killed` events, scores from the player entities' `score` field whenever one is in view (a player
// out of view keeps its last known score).

/** Kills the feed keeps. */
export const FEED_LENGTH = 5;

export class Scoreboard {
  constructor() {
    /** playerID → { player, name, score, kills, deaths } */
    this.players = new Map();
  }

  clear() {
    this.players.clear();
  }

  /** Applies one decoded event (messages.js: joined, left, killed, chat). */
  applyEvent(event) {
    switch (event.type) {
      case 'joined':
        this.#row(event.player).name = event.name;
        break;
      case 'left':
        this.players.delete(event.player);
        break;
      case 'killed': {
        const killer = event.killer === null ? undefined : this.players.get(event.killer);
        const victim = this.players.get(event.victim);
        if (killer) killer.kills++;
        if (victim) victim.deaths++;
        break;
      }
      default:
        break;
    }
  }

  /**
   * Applies a message's events and appends its kills to `feed` as { killer, victim } names
   * (newest last, at most FEED_LENGTH): the kill feed the HUD shows, for players and replays.
   * Each chat line goes to `onChat({ player, name, text })`, its sender's name resolved in
   * event order (a player who joins and speaks in one message is named, one who speaks and
   * leaves too).
   */
  applyEvents(events, feed, onChat = null) {
    for (const event of events) {
      if (event.type === 'killed') {
        const killer = event.killer === null ? null : this.name(event.killer);
        feed.push({ killer, victim: this.name(event.victim) });
        if (feed.length > FEED_LENGTH) feed.shift();
      } else if (event.type === 'chat' && onChat !== null) {
        onChat({ player: event.player, name: this.name(event.player), text: event.text });
      }
      this.applyEvent(event);
    }
  }

  /** Records a player entity's score (`player` is its PlayerID field). */
  updateScore(player, score) {
    const row = this.players.get(player);
    if (row) row.score = score;
  }

  name(player) {
    return this.players.get(player)?.name ?? `player ${player}`;
  }

  /** Rows by score, then kills, then id. */
  rows() {
    return [...this.players.values()].sort((a, b) => b.score - a.score || b.kills - a.kills || a.player - b.player);
  }

  #row(player) {
    let row = this.players.get(player);
    if (!row) {
      row = { player, name: `player ${player}`, score: 0, kills: 0, deaths: 0 };
      this.players.set(player, row);
    }
    return row;
  }
}
