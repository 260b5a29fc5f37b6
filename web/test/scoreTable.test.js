// The scoreboard table shows the game's own columns (Arena: score and kills; Pitch: goals).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ScoreTable } from '../render/scoreTable.js';
import { games } from '../games/index.js';

function fakeDocument() {
  const element = (tag) => ({
    tag, textContent: '', className: '', children: [], hidden: false, ownerDocument: doc,
    append(...children) { this.children.push(...children); },
    replaceChildren(...children) { this.children = children; },
  });
  const doc = { createElement: element };
  return doc;
}

function table(columns) {
  const doc = fakeDocument();
  const header = doc.createElement('tr');
  const board = { hidden: true, querySelector: (selector) => (selector === 'thead tr' ? header : null) };
  const body = doc.createElement('tbody');
  return { scoreTable: new ScoreTable(board, body, Infinity, columns), header, body, board };
}

const rows = [{ player: 1, name: 'ann', score: 3, kills: 7 }, { player: 2, name: 'bo', score: 1, kills: 0 }];

test("Arena's scoreboard: score and kills", () => {
  const { scoreTable, header, body, board } = table(games.arena.scoreColumns);
  assert.deepEqual(header.children.map((th) => th.textContent), ['Player', 'Score', 'Kills']);
  scoreTable.update(rows, 2);
  assert.equal(board.hidden, false);
  assert.deepEqual(body.children.map((tr) => tr.children.map((td) => td.textContent)), [['ann', '3', '7'], ['bo', '1', '0']]);
  assert.equal(body.children[1].className, 'self');
});

test("Pitch's scoreboard: goals, no kills", () => {
  const { scoreTable, header, body } = table(games.pitch.scoreColumns);
  assert.deepEqual(header.children.map((th) => th.textContent), ['Player', 'Goals']);
  scoreTable.update(rows, 1);
  assert.deepEqual(body.children.map((tr) => tr.children.map((td) => td.textContent)), [['ann', '3'], ['bo', '1']]);
});
