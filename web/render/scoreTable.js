// The scoreboard table (name, score, kills), shared by the game's HUD and the replay page.
// Names come from other players, so they are only ever set as text, never as markup; the
// table is rebuilt only when what it shows changed, not on every frame.

export class ScoreTable {
  /**
   * @param {HTMLElement} board the panel, hidden while nobody is listed
   * @param {HTMLElement} body its tbody
   * @param {number} limit rows shown at most
   */
  constructor(board, body, limit = Infinity) {
    this.board = board;
    this.body = body;
    this.limit = limit;
    this.signature = null;
  }

  /** Shows `rows` (Scoreboard.rows(), best first), marking `highlighted`'s row. */
  update(rows, highlighted) {
    const shown = rows.slice(0, this.limit);
    const signature = JSON.stringify(shown.map((r) => [r.player, r.name, r.score, r.kills, r.player === highlighted]));
    if (signature === this.signature) return;
    this.signature = signature;
    this.board.hidden = shown.length === 0;
    this.body.replaceChildren(...shown.map((row) => {
      const tr = this.body.ownerDocument.createElement('tr');
      if (row.player === highlighted) tr.className = 'self';
      for (const text of [row.name, row.score, row.kills]) {
        const td = this.body.ownerDocument.createElement('td');
        td.textContent = String(text);
        tr.append(td);
      }
      return tr;
    }));
  }
}
