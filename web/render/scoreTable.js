// The scoreboard table (name, then the game's columns: Arena's score and kills, Pitch's
// goals), shared by the game's HUD and the replay page.
// Names come from other players, so they are only ever set as text, never as markup; the
// table is rebuilt only when what it shows changed, not on every frame.

/** A scoreboard row's fields shown after the name: `{ title, key }` (key: 'score' or 'kills'). */
export const DEFAULT_COLUMNS = Object.freeze([{ title: 'Score', key: 'score' }, { title: 'Kills', key: 'kills' }]);

export class ScoreTable {
  /**
   * @param {HTMLElement} board the panel, hidden while nobody is listed
   * @param {HTMLElement} body its tbody
   * @param {number} limit rows shown at most
   */
  constructor(board, body, limit = Infinity, columns = DEFAULT_COLUMNS) {
    this.board = board;
    this.body = body;
    this.limit = limit;
    this.columns = columns;
    this.signature = null;
    // The page's header row names the columns the game shows.
    const header = board?.querySelector?.('thead tr');
    if (header) {
      header.replaceChildren(...['Player', ...columns.map((column) => column.title)].map((title) => {
        const th = header.ownerDocument.createElement('th');
        th.textContent = title;
        return th;
      }));
    }
  }

  /** Shows `rows` (Scoreboard.rows(), best first), marking `highlighted`'s row. */
  update(rows, highlighted) {
    const shown = rows.slice(0, this.limit);
    const signature = JSON.stringify(shown.map((r) => [r.player, r.name, ...this.columns.map((c) => r[c.key]), r.player === highlighted]));
    if (signature === this.signature) return;
    this.signature = signature;
    this.board.hidden = shown.length === 0;
    this.body.replaceChildren(...shown.map((row) => {
      const tr = this.body.ownerDocument.createElement('tr');
      if (row.player === highlighted) tr.className = 'self';
      for (const text of [row.name, ...this.columns.map((column) => row[column.key])]) {
        const td = this.body.ownerDocument.createElement('td');
        td.textContent = String(text);
        tr.append(td);
      }
      return tr;
    }));
  }
}
